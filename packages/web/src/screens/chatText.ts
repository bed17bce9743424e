import type { Conversation, Friend, Message, SystemEvent } from '@liao/protocol';
import type { TFunction } from 'i18next';
import { friendName } from '../state/friendsModel';

/** How a conversation shows: its name and the picture (a friend's, or a default from the name). */
export interface ConversationFace {
  name: string;
  avatarName: string;
  avatarUrl: string | null;
}

export function conversationFace(
  conversation: Conversation,
  friends: readonly Friend[],
  t: TFunction,
): ConversationFace {
  if (conversation.kind === 'direct') {
    const friend = friends.find((f) => f.user.id === conversation.peerId);
    if (friend)
      return {
        name: friendName(friend),
        avatarName: friend.user.displayName,
        avatarUrl: friend.user.avatarUrl,
      };
    const name = conversation.name ?? t('messages.unknownPeer');
    return { name, avatarName: name, avatarUrl: null };
  }
  const name = conversation.name ?? t('messages.groupFallback');
  return { name, avatarName: name, avatarUrl: null };
}

/** A system line in words; `actor` names the person who did it. */
export function describeSystemEvent(event: SystemEvent, actor: string, t: TFunction): string {
  switch (event.type) {
    case 'friends.started':
      return t('system.friendsStarted');
    case 'group.created':
      return t('system.groupCreated', { actor });
    case 'group.renamed':
      return t('system.groupRenamed', { actor, name: event.name });
    case 'members.invited':
      return t('system.membersInvited', { actor });
    case 'member.removed':
      return t('system.memberRemoved', { actor });
    case 'member.left':
      return t('system.memberLeft', { actor });
    case 'owner.transferred':
      return t('system.ownerTransferred', { actor });
    case 'admin.appointed':
      return t('system.adminAppointed', { actor });
    case 'admin.dismissed':
      return t('system.adminDismissed', { actor });
    case 'group.dissolved':
      return t('system.groupDissolved', { actor });
  }
}

/** The name to show for a user in this account's view: me, a friend's remark or name, or "someone". */
export function personName(
  userId: string | null,
  meId: string,
  friends: readonly Friend[],
  t: TFunction,
): string {
  if (userId === null) return t('system.someone');
  if (userId === meId) return t('system.you');
  const friend = friends.find((f) => f.user.id === userId);
  return friend ? friendName(friend) : t('system.someone');
}

/** The last line under a conversation's name. */
export function previewOf(
  message: Message | null,
  meId: string,
  friends: readonly Friend[],
  t: TFunction,
): string {
  if (!message) return '';
  if (message.content.kind === 'system')
    return describeSystemEvent(message.content.event, personName(message.senderId, meId, friends, t), t);
  if (message.content.kind === 'image') return t('messages.imagePreview');
  return message.content.text.replace(/\s+/g, ' ');
}
