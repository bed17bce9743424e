import { useTranslation } from 'react-i18next';
import { Avatar } from '../../ui/Avatar';
import { Button } from '../../ui/Button';
import './FriendRequestItem.css';

export type RequestItemState = 'pending' | 'accepted' | 'declined' | 'cancelled' | 'expired';

type Props = {
  direction: 'incoming' | 'outgoing';
  /** The other person. */
  name: string;
  username: string;
  avatarUrl: string | null;
  greeting: string;
  state: RequestItemState;
  /** Which answer is being sent, if any. */
  busy: 'accept' | 'decline' | null;
  onAccept?: () => void;
  onDecline?: () => void;
};

const STATE_KEYS = {
  accepted: 'requests.statusAccepted',
  declined: 'requests.statusDeclined',
  cancelled: 'requests.statusCancelled',
  expired: 'requests.statusExpired',
  pending: 'requests.statusWaiting',
} as const;

/** One friend request: who, their greeting, and Accept / Decline or what became of it. */
export function FriendRequestItem({
  direction,
  name,
  username,
  avatarUrl,
  greeting,
  state,
  busy,
  onAccept,
  onDecline,
}: Props) {
  const { t } = useTranslation();
  const answerable = direction === 'incoming' && state === 'pending';
  return (
    <div className="request">
      <Avatar name={name} src={avatarUrl} size={40} />
      <div className={`request__text${answerable ? ' request__text--answerable' : ''}`}>
        <p className="request__name truncate">
          {name}
          <span className="request__username">@{username}</span>
        </p>
        <p className="request__greeting truncate">
          {greeting || (direction === 'incoming' ? t('requests.noGreeting') : t('requests.sentTo', { name }))}
        </p>
      </div>
      {answerable ? (
        <div className="request__actions">
          <Button size="s" onClick={onDecline} busy={busy === 'decline'} disabled={busy !== null}>
            {t('requests.decline')}
          </Button>
          <Button
            size="s"
            variant="primary"
            onClick={onAccept}
            busy={busy === 'accept'}
            disabled={busy !== null}
          >
            {t('requests.accept')}
          </Button>
        </div>
      ) : (
        <span className={`request__state request__state--${state}`}>{t(STATE_KEYS[state])}</span>
      )}
    </div>
  );
}
