import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { FormError } from '../../ui/FormError';
import { PaneHeader } from '../../ui/PaneHeader';
import { Section } from '../../ui/Section';
import { Switch } from '../../ui/Switch';
import { AvatarPicker } from './AvatarPicker';
import { ProfileForm, type ProfileValues } from './ProfileForm';
import '../../styles/screens.css';

type Props = { onBack?: () => void };

/** My profile: avatar, display name, signature, and whether search by username finds me. */
export function ProfileSettingsScreen({ onBack }: Props) {
  const { t } = useTranslation();
  const me = useAppStore((s) => s.me);
  const updateProfile = useAppStore((s) => s.updateProfile);
  const setAvatar = useAppStore((s) => s.setAvatar);
  const showToast = useAppStore((s) => s.showToast);
  const [preview, setPreview] = useState<string | null>(null);
  const [avatarError, setAvatarError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [discoverableBusy, setDiscoverableBusy] = useState(false);
  const [discoverableError, setDiscoverableError] = useState<string | null>(null);

  // The preview is a blob: URL of the chosen file; free it when replaced or on leaving.
  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  if (!me) return null;

  async function pickAvatar(file: File) {
    setAvatarError(null);
    setPreview(URL.createObjectURL(file));
    try {
      await setAvatar(file);
      showToast(t('settings.avatarUpdated'));
    } catch (error) {
      setAvatarError(describeError(t, error));
    } finally {
      setPreview(null);
    }
  }

  async function save(values: ProfileValues) {
    setSaving(true);
    setSaveError(null);
    try {
      await updateProfile(values);
      showToast(t('settings.saved'));
    } catch (error) {
      setSaveError(describeError(t, error));
    } finally {
      setSaving(false);
    }
  }

  async function setDiscoverable(discoverable: boolean) {
    setDiscoverableBusy(true);
    setDiscoverableError(null);
    try {
      await updateProfile({ discoverable });
    } catch (error) {
      setDiscoverableError(describeError(t, error));
    } finally {
      setDiscoverableBusy(false);
    }
  }

  return (
    <div className="pane">
      <PaneHeader title={t('settings.profile')} onBack={onBack} backLabel={t('common.back')} />
      <div className="pane__body">
        <div className="pane__content">
          <Section title={t('settings.avatar')} padded>
            <AvatarPicker
              name={me.displayName}
              src={preview ?? me.avatarUrl}
              busy={preview !== null}
              buttonLabel={t('settings.changeAvatar')}
              busyLabel={t('settings.uploading')}
              onPick={(file) => void pickAvatar(file)}
            />
            <FormError message={avatarError} />
          </Section>
          <Section title={t('settings.basicInfo')} padded>
            <div className="readonly-field">
              <span className="readonly-field__label">{t('settings.username')}</span>
              <span className="readonly-field__value">@{me.username}</span>
              <span className="readonly-field__hint">{t('settings.usernameFixed')}</span>
            </div>
            <ProfileForm
              key={`${me.displayName}\n${me.signature}`}
              initial={{ displayName: me.displayName, signature: me.signature }}
              busy={saving}
              error={saveError}
              onSave={(values) => void save(values)}
            />
          </Section>
          <Section padded>
            <Switch
              label={t('settings.discoverable')}
              hint={t('settings.discoverableHint')}
              checked={me.discoverable}
              busy={discoverableBusy}
              onChange={(value) => void setDiscoverable(value)}
            />
            <FormError message={discoverableError} />
          </Section>
        </div>
      </div>
    </div>
  );
}
