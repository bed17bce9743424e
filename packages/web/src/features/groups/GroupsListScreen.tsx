import { MessageSquarePlus, UsersRound } from 'lucide-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app/state/store';
import { ConversationAvatar } from '../../entities/ConversationAvatar';
import { conversationFace } from '../../entities/conversationText';
import { rosterLookup } from '../../entities/groupMembers';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { IconButton } from '../../ui/IconButton';
import { ListRow } from '../../ui/ListRow';
import { PaneHeader } from '../../ui/PaneHeader';
import { Section } from '../../ui/Section';
import { groupsOf } from './groupsModel';
import '../../styles/screens.css';

type Props = { onBack?: () => void };

/** 群聊 on the Friends page: the groups I am in; a click opens the chat. */
export function GroupsListScreen({ onBack }: Props) {
  const { t } = useTranslation();
  const conversations = useAppStore((s) => s.conversations);
  const friends = useAppStore((s) => s.friends);
  const me = useAppStore((s) => s.me);
  const groupMembers = useAppStore((s) => s.groupMembers);
  const rosterFor = rosterLookup(groupMembers, me);
  const navigate = useAppStore((s) => s.navigate);
  const openCreateGroup = useAppStore((s) => s.openCreateGroup);
  const groups = useMemo(() => groupsOf(conversations), [conversations]);
  const newGroup = () => openCreateGroup();

  return (
    <section className="pane" aria-label={t('groups.groupChats')}>
      <PaneHeader
        title={t('groups.groupChats')}
        onBack={onBack}
        backLabel={t('common.back')}
        actions={
          <IconButton
            label={t('groups.newGroup')}
            icon={<MessageSquarePlus size={20} />}
            onClick={newGroup}
          />
        }
      />
      {groups.length === 0 ? (
        <EmptyState
          icon={<UsersRound size={28} />}
          title={t('groups.emptyTitle')}
          body={t('groups.emptyBody')}
          action={
            <Button variant="primary" onClick={newGroup}>
              {t('groups.newGroup')}
            </Button>
          }
        />
      ) : (
        <div className="pane__body">
          <div className="pane__content">
            <Section note={t('groups.listCount', { count: groups.length })}>
              <ul className="plain-list">
                {groups.map((group) => {
                  const face = conversationFace(group, friends, t, rosterFor(group.id));
                  return (
                    <li key={group.id}>
                      <ListRow
                        leading={<ConversationAvatar conversation={group} face={face} />}
                        title={face.name}
                        subtitle={t('groups.memberCount', { count: group.memberCount })}
                        onClick={() => navigate({ name: 'messages', conversationId: group.id })}
                      />
                    </li>
                  );
                })}
              </ul>
            </Section>
          </div>
        </div>
      )}
    </section>
  );
}
