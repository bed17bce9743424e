import { MessageSquarePlus, Search, UserPlus, Users, UsersRound } from 'lucide-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app/state/store';
import { friendName } from '../../entities/people';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { IconButton } from '../../ui/IconButton';
import { IconTile } from '../../ui/IconTile';
import { ListRow } from '../../ui/ListRow';
import { PaneHeader } from '../../ui/PaneHeader';
import { SkeletonRows } from '../../ui/SkeletonRows';
import { type ContactItem, ContactList } from './ContactList';
import { groupContacts, pendingIncomingCount } from './friendsModel';
import '../../styles/screens.css';

/** The Friends list column: New friends, Add friend, then the A–Z contacts. */
export function FriendsListScreen() {
  const { t } = useTranslation();
  const friends = useAppStore((s) => s.friends);
  const incoming = useAppStore((s) => s.incoming);
  const blocked = useAppStore((s) => s.blocked);
  const status = useAppStore((s) => s.friendsStatus);
  const route = useAppStore((s) => s.route);
  const navigate = useAppStore((s) => s.navigate);
  const reload = useAppStore((s) => s.loadFriendsData);
  const openCreateGroup = useAppStore((s) => s.openCreateGroup);

  const pane = route.name === 'friends' ? route.pane : { kind: 'none' as const };
  const pending = pendingIncomingCount(incoming, Date.now());
  const groups = useMemo(() => {
    const blockedIds = new Set(blocked.map((b) => b.user.id));
    return groupContacts(friends).map((group) => ({
      letter: group.letter,
      contacts: group.friends.map(
        (f): ContactItem => ({
          id: f.user.id,
          name: friendName(f),
          avatarName: f.user.displayName,
          avatarUrl: f.user.avatarUrl,
          ...(blockedIds.has(f.user.id) ? { tag: t('profile.blockedTag') } : {}),
        }),
      ),
    }));
  }, [friends, blocked, t]);

  const goAdd = () => navigate({ name: 'friends', pane: { kind: 'add' } });
  const entries = (
    <ul className="friends-entries">
      <li>
        <ListRow
          leading={<IconTile color="#fa9d3b" icon={<UserPlus size={20} />} />}
          title={t('friends.newFriends')}
          trailing={<Badge count={pending} label={t('friends.pendingBadge', { count: pending })} />}
          selected={pane.kind === 'new'}
          onClick={() => navigate({ name: 'friends', pane: { kind: 'new' } })}
        />
      </li>
      <li>
        <ListRow
          leading={<IconTile color="var(--accent-strong)" icon={<Search size={19} />} />}
          title={t('friends.addFriend')}
          selected={pane.kind === 'add'}
          onClick={goAdd}
        />
      </li>
      <li>
        <ListRow
          leading={<IconTile color="#07c160" icon={<UsersRound size={19} />} />}
          title={t('groups.groupChats')}
          selected={pane.kind === 'groups'}
          onClick={() => navigate({ name: 'friends', pane: { kind: 'groups' } })}
        />
      </li>
    </ul>
  );

  let empty = null;
  if (status === 'loading' || status === 'idle') empty = <SkeletonRows label={t('friends.contacts')} />;
  else if (status === 'error')
    empty = (
      <div className="load-error" role="alert">
        {t('common.loadFailed')}
        <Button size="s" onClick={() => void reload()}>
          {t('common.retry')}
        </Button>
      </div>
    );
  else
    empty = (
      <EmptyState
        icon={<Users size={28} />}
        title={t('friends.emptyTitle')}
        body={t('friends.emptyBody')}
        action={
          <Button variant="primary" onClick={goAdd}>
            {t('friends.addFriend')}
          </Button>
        }
      />
    );

  return (
    <div className="column">
      <PaneHeader
        title={t('friends.title')}
        actions={
          <>
            <IconButton
              label={t('groups.newGroup')}
              icon={<MessageSquarePlus size={20} />}
              onClick={() => openCreateGroup()}
            />
            <IconButton label={t('friends.addFriend')} icon={<UserPlus size={20} />} onClick={goAdd} />
          </>
        }
      />
      <ContactList
        groups={groups}
        selectedId={pane.kind === 'contact' ? pane.userId : null}
        onSelect={(userId) => navigate({ name: 'friends', pane: { kind: 'contact', userId } })}
        header={entries}
        empty={empty}
        footer={t('friends.count', { count: friends.length })}
        indexLabel={t('friends.letterIndex')}
      />
    </div>
  );
}
