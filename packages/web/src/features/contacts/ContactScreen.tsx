import { UserX } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { friendName } from '../../entities/people';
import { LIMITS } from '../../lib/validation';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { EmptyState } from '../../ui/EmptyState';
import { PaneHeader } from '../../ui/PaneHeader';
import { SkeletonRows } from '../../ui/SkeletonRows';
import { ContactVideos } from '../videos';
import { ContactProfile } from './ContactProfile';
import '../../styles/screens.css';

type Props = { userId: string; onBack?: () => void };

type Confirming = 'delete' | 'block' | null;

/** A friend's profile in the right pane (or full screen on the phone). */
export function ContactScreen({ userId, onBack }: Props) {
  const { t } = useTranslation();
  const friend = useAppStore((s) => s.friends.find((f) => f.user.id === userId));
  const blocked = useAppStore((s) => s.blocked.some((b) => b.user.id === userId));
  const status = useAppStore((s) => s.friendsStatus);
  const setRemark = useAppStore((s) => s.setRemark);
  const deleteFriend = useAppStore((s) => s.deleteFriend);
  const blockUser = useAppStore((s) => s.blockUser);
  const unblockUser = useAppStore((s) => s.unblockUser);
  const navigate = useAppStore((s) => s.navigate);
  const openDirect = useAppStore((s) => s.openDirect);
  const [opening, setOpening] = useState(false);
  const showToast = useAppStore((s) => s.showToast);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [busy, setBusy] = useState<'delete' | 'block' | null>(null);
  const [confirmError, setConfirmError] = useState<string | null>(null);

  async function run(kind: 'delete' | 'block', action: () => Promise<void>) {
    setBusy(kind);
    setConfirmError(null);
    try {
      await action();
      setConfirming(null);
      return true;
    } catch (error) {
      if (confirming) setConfirmError(describeError(t, error));
      else showToast(describeError(t, error), 'error');
      return false;
    } finally {
      setBusy(null);
    }
  }

  let body: React.ReactNode;
  if (friend) {
    const name = friendName(friend);
    body = (
      <div className="pane__content pane__content--profile">
        <ContactProfile
          displayName={friend.user.displayName}
          remark={friend.remark}
          username={friend.user.username}
          signature={friend.user.signature}
          avatarUrl={friend.user.avatarUrl}
          blocked={blocked}
          remarkMax={LIMITS.remark}
          onSaveRemark={async (remark) => {
            try {
              await setRemark(userId, remark);
              return null;
            } catch (error) {
              return describeError(t, error);
            }
          }}
          onSendMessage={() => {
            setOpening(true);
            openDirect(userId)
              .catch((error: unknown) => showToast(describeError(t, error), 'error'))
              .finally(() => setOpening(false));
          }}
          sendBusy={opening}
          onDelete={() => setConfirming('delete')}
          onToggleBlock={() =>
            blocked ? void run('block', () => unblockUser(userId)) : setConfirming('block')
          }
          blockBusy={busy === 'block' && !confirming}
        />
        <ConfirmDialog
          open={confirming !== null}
          title={confirming === 'block' ? t('profile.blockConfirmTitle') : t('profile.deleteConfirmTitle')}
          body={
            confirming === 'block'
              ? t('profile.blockConfirmBody', { name })
              : t('profile.deleteConfirmBody', { name })
          }
          confirmLabel={confirming === 'block' ? t('profile.blockConfirm') : t('profile.deleteConfirm')}
          cancelLabel={t('common.cancel')}
          danger
          busy={busy !== null}
          error={confirmError}
          onCancel={() => {
            setConfirming(null);
            setConfirmError(null);
          }}
          onConfirm={() => {
            if (confirming === 'block') void run('block', () => blockUser(userId));
            else
              void run('delete', () => deleteFriend(userId)).then((done) => {
                if (!done) return;
                showToast(t('profile.deleted'));
                navigate({ name: 'friends', pane: { kind: 'none' } }, { replace: true });
              });
          }}
        />
      </div>
    );
    if (!blocked)
      body = (
        <>
          {body}
          <ContactVideos userId={userId} />
        </>
      );
  } else if (status === 'ready' || status === 'error') {
    body = <EmptyState icon={<UserX size={28} />} title={t('profile.notFound')} />;
  } else {
    body = <SkeletonRows count={2} label={t('friends.contacts')} />;
  }

  return (
    <div className="pane">
      {onBack ? (
        <PaneHeader
          title={friend ? friendName(friend) : t('friends.title')}
          hideTitle
          onBack={onBack}
          backLabel={t('common.back')}
        />
      ) : (
        <div className="pane__spacer" />
      )}
      <div className="pane__body">{body}</div>
    </div>
  );
}
