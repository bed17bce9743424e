import type { FriendRequest } from '@liao/protocol';
import { UserPlus } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { PaneHeader } from '../../ui/PaneHeader';
import { Section } from '../../ui/Section';
import { SkeletonRows } from '../../ui/SkeletonRows';
import { FriendRequestItem } from './FriendRequestItem';
import { requestState, sortRequests } from './friendsModel';
import '../../styles/screens.css';

type Props = { onBack?: () => void };

/** "New friends": requests to me (Accept / Decline) and the ones I sent. */
export function NewFriendsScreen({ onBack }: Props) {
  const { t } = useTranslation();
  const incoming = useAppStore((s) => s.incoming);
  const outgoing = useAppStore((s) => s.outgoing);
  const status = useAppStore((s) => s.friendsStatus);
  const accept = useAppStore((s) => s.acceptFriendRequest);
  const decline = useAppStore((s) => s.declineFriendRequest);
  const showToast = useAppStore((s) => s.showToast);
  const navigate = useAppStore((s) => s.navigate);
  const [busy, setBusy] = useState<Record<string, 'accept' | 'decline'>>({});
  const now = Date.now();

  async function answer(request: FriendRequest, how: 'accept' | 'decline') {
    setBusy((b) => ({ ...b, [request.id]: how }));
    try {
      if (how === 'accept') await accept(request.id);
      else await decline(request.id);
    } catch (error) {
      showToast(describeError(t, error), 'error');
    } finally {
      setBusy(({ [request.id]: _, ...rest }) => rest);
    }
  }

  const received = sortRequests(incoming);
  const sent = sortRequests(outgoing);
  let body: React.ReactNode;
  if (status !== 'ready' && received.length + sent.length === 0) {
    body = <SkeletonRows count={3} label={t('requests.title')} />;
  } else if (received.length + sent.length === 0) {
    body = (
      <EmptyState
        icon={<UserPlus size={28} />}
        title={t('requests.emptyTitle')}
        body={t('requests.emptyBody')}
        action={
          <Button variant="primary" onClick={() => navigate({ name: 'friends', pane: { kind: 'add' } })}>
            {t('friends.addFriend')}
          </Button>
        }
      />
    );
  } else {
    body = (
      <>
        {received.length > 0 && (
          <Section title={t('requests.incoming')}>
            <ul>
              {received.map((request) => (
                <li key={request.id}>
                  <FriendRequestItem
                    direction="incoming"
                    name={request.from.displayName}
                    username={request.from.username}
                    avatarUrl={request.from.avatarUrl}
                    greeting={request.greeting}
                    state={requestState(request, now)}
                    busy={busy[request.id] ?? null}
                    onAccept={() => void answer(request, 'accept')}
                    onDecline={() => void answer(request, 'decline')}
                  />
                </li>
              ))}
            </ul>
          </Section>
        )}
        {sent.length > 0 && (
          <Section title={t('requests.outgoing')}>
            <ul>
              {sent.map((request) => (
                <li key={request.id}>
                  <FriendRequestItem
                    direction="outgoing"
                    name={request.to.displayName}
                    username={request.to.username}
                    avatarUrl={request.to.avatarUrl}
                    greeting={request.greeting}
                    state={requestState(request, now)}
                    busy={null}
                  />
                </li>
              ))}
            </ul>
          </Section>
        )}
      </>
    );
  }

  return (
    <div className="pane">
      <PaneHeader title={t('requests.title')} onBack={onBack} backLabel={t('common.back')} />
      <div className="pane__body">
        <div className="pane__content">{body}</div>
      </div>
    </div>
  );
}
