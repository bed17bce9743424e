import {
  Ban,
  ChevronRight,
  KeyRound,
  LogOut,
  MonitorSmartphone,
  ScanLine,
  SlidersHorizontal,
  UserRound,
} from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import type { SettingsSection } from '../../app/state/routes';
import { useAppStore } from '../../app/state/store';
import { Avatar } from '../../ui/Avatar';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { IconTile } from '../../ui/IconTile';
import { ListRow } from '../../ui/ListRow';
import { PaneHeader } from '../../ui/PaneHeader';
import '../../styles/screens.css';

type Props = {
  title: string;
  /** The section shown beside the menu (desktop), highlighted; null on the phone. */
  selected: SettingsSection | null;
  /** Phone rows end in a chevron: they open a new screen. */
  chevrons?: boolean;
  /** The phone's 扫一扫 (signing a desktop in); absent on the desktop. */
  onScan?: () => void;
};

const ENTRIES = [
  { section: 'profile', icon: UserRound, color: '#3f8fd8', label: 'settings.profile' },
  { section: 'devices', icon: MonitorSmartphone, color: '#2fa57f', label: 'settings.devices' },
  { section: 'blocked', icon: Ban, color: '#7a7a7a', label: 'settings.blocked' },
  { section: 'password', icon: KeyRound, color: '#d48a1f', label: 'settings.password' },
  { section: 'general', icon: SlidersHorizontal, color: '#7a7fe8', label: 'settings.general' },
] as const;

/** Settings (desktop list column) and "Me" (the phone tab): who I am and the sections. */
export function SettingsMenuScreen({ title, selected, chevrons = false, onScan }: Props) {
  const { t } = useTranslation();
  const me = useAppStore((s) => s.me);
  const navigate = useAppStore((s) => s.navigate);
  const signOut = useAppStore((s) => s.signOut);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chevron = chevrons ? <ChevronRight size={16} aria-hidden="true" /> : undefined;
  if (!me) return null;

  return (
    <div className="column">
      <PaneHeader title={title} />
      <div className="column__body settings-menu">
        <button
          type="button"
          className="me-card"
          onClick={() => navigate({ name: 'settings', section: 'profile' })}
        >
          <Avatar name={me.displayName} src={me.avatarUrl} size={56} />
          <span className="me-card__text">
            <span className="me-card__name truncate">{me.displayName}</span>
            <span className="me-card__username truncate">
              {t('profile.usernameLine', { username: me.username })}
            </span>
          </span>
          {chevron}
        </button>
        {onScan && (
          <ul className="settings-menu__group">
            <li>
              <ListRow
                leading={<IconTile color="#2f7de1" size={30} icon={<ScanLine size={17} />} />}
                title={t('qr.scan')}
                trailing={chevron}
                onClick={onScan}
                className="settings-menu__row"
              />
            </li>
          </ul>
        )}
        <ul className="settings-menu__group">
          {ENTRIES.map(({ section, icon: Icon, color, label }) => (
            <li key={section}>
              <ListRow
                leading={<IconTile color={color} size={30} icon={<Icon size={17} />} />}
                title={t(label)}
                trailing={chevron}
                selected={selected === section}
                onClick={() => navigate({ name: 'settings', section })}
                className="settings-menu__row"
              />
            </li>
          ))}
        </ul>
        <ul className="settings-menu__group">
          <li>
            <ListRow
              leading={<IconTile color="var(--danger)" size={30} icon={<LogOut size={17} />} />}
              title={t('settings.signOut')}
              onClick={() => setConfirming(true)}
              className="settings-menu__row"
            />
          </li>
        </ul>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('settings.signOutConfirmTitle')}
        body={t('settings.signOutConfirmBody')}
        confirmLabel={t('settings.signOut')}
        cancelLabel={t('common.cancel')}
        danger
        busy={busy}
        error={error}
        onCancel={() => setConfirming(false)}
        onConfirm={async () => {
          setBusy(true);
          setError(null);
          try {
            await signOut();
          } catch (e) {
            setError(describeError(t, e));
            setBusy(false);
          }
        }}
      />
    </div>
  );
}
