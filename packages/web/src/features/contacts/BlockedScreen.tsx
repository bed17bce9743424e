import { Ban } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { Avatar } from '../../ui/Avatar';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { ListRow } from '../../ui/ListRow';
import { PaneHeader } from '../../ui/PaneHeader';
import { Section } from '../../ui/Section';
import '../../styles/screens.css';

type Props = { onBack?: () => void };

/** Everyone I blocked, friend or not, each with Unblock (the only way back for non-friends). */
export function BlockedScreen({ onBack }: Props) {
  const { t } = useTranslation();
  const blocked = useAppStore((s) => s.blocked);
  const unblock = useAppStore((s) => s.unblockUser);
  const showToast = useAppStore((s) => s.showToast);
  const [busy, setBusy] = useState<string | null>(null);

  async function unblockUser(userId: string) {
    setBusy(userId);
    try {
      await unblock(userId);
    } catch (error) {
      showToast(describeError(t, error), 'error');
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="pane">
      <PaneHeader title={t('settings.blocked')} onBack={onBack} backLabel={t('common.back')} />
      <div className="pane__body">
        <div className="pane__content">
          {blocked.length === 0 ? (
            <EmptyState
              icon={<Ban size={28} />}
              title={t('settings.blockedEmpty')}
              body={t('settings.blockedHint')}
            />
          ) : (
            <Section note={t('settings.blockedHint')}>
              <ul>
                {[...blocked]
                  .sort((a, b) => b.since - a.since)
                  .map(({ user }) => (
                    <li key={user.id}>
                      <ListRow
                        leading={<Avatar name={user.displayName} src={user.avatarUrl} size={40} />}
                        title={user.displayName}
                        subtitle={`@${user.username}`}
                        trailing={
                          <Button size="s" busy={busy === user.id} onClick={() => void unblockUser(user.id)}>
                            {t('profile.unblock')}
                          </Button>
                        }
                      />
                    </li>
                  ))}
              </ul>
            </Section>
          )}
        </div>
      </div>
    </div>
  );
}
