import type { Conversation, Friend, Me, Member, Message, SystemEvent, VideoCard } from '@liao/protocol';
import type { TFunction } from 'i18next';
import { callPreview } from './callLine';
import { friendName, type GroupPeople, memberFace, personFace } from './people';

/** How a conversation shows: its name and the picture (a friend's, or a default from the name). */
export interface ConversationFace {
  name: string;
  avatarName: string;
  avatarUrl: string | null;
}

/** Who is in a group (as its member list was last read), for calling a group without a name by them. */
export interface GroupRoster {
  me: Me | null;
  members: readonly Member[];
}

/**
 * A conversation's face. A group without a name is called by its people (`roster`, when its
 * member list is known), else "群聊"; its picture's default stays the plain group one.
 */
export function conversationFace(
  conversation: Conversation,
  friends: readonly Friend[],
  t: TFunction,
  roster?: GroupRoster | null,
): ConversationFace {
  if (conversation.kind === 'direct') {
    const friend = friends.find((f) => f.user.id === conversation.peerId);
    if (friend)
      return {
        name: friendName(friend),
        avatarName: friend.user.displayName,
        avatarUrl: friend.user.avatarUrl,
      };
    // No longer a friend (they deleted me, or I them): called as the member list has them.
    const peer = roster?.members.find((m) => m.userId === conversation.peerId)?.user;
    if (peer) return { name: peer.displayName, avatarName: peer.displayName, avatarUrl: peer.avatarUrl };
    const name = conversation.name ?? t('messages.unknownPeer');
    return { name, avatarName: name, avatarUrl: null };
  }
  const avatarName = conversation.name ?? t('messages.groupFallback');
  const name = conversation.name ?? (roster ? groupTitle(roster, friends, t) : null) ?? avatarName;
  return { name, avatarName, avatarUrl: null };
}

/** Groups of up to this many others are called by all their names; larger ones by the first few. */
const TITLE_ALL_NAMES = 4;
const TITLE_FIRST_NAMES = 3;

/**
 * What WeChat calls a group without a name: its members but me, in joining order, each by
 * 群昵称 > my remark > their name ("张伟、李娜、Bob"), the first three and a count past four
 * ("张伟、李娜、王芳等5人"). Null when no one else is in it.
 */
export function groupTitle(roster: GroupRoster, friends: readonly Friend[], t: TFunction): string | null {
  const others = roster.members.filter((m) => m.userId !== roster.me?.id);
  if (others.length === 0) return null;
  const shown = others.length <= TITLE_ALL_NAMES ? others : others.slice(0, TITLE_FIRST_NAMES);
  const names = shown.map((m) => memberFace(m, roster.me, friends).name).join(t('groupTitle.separator'));
  const rest = others.length - shown.length;
  return rest === 0 ? names : t('groupTitle.andMore', { names, count: rest, total: others.length });
}

/** Names a person a system line is about (its object: "removed Bob", "removed you"); null when unknown. */
export type ObjectName = (userId: string) => string | null;

/**
 * A system line in words; `actor` names the person who did it. With `objectName` (a group whose
 * people the app knows), the line also names whom it was done to, as WeChat does ("Alice 邀请
 * Bob 加入了群聊"); without, it says what happened without them.
 */
export function describeSystemEvent(
  event: SystemEvent,
  actor: string,
  t: TFunction,
  objectName?: ObjectName,
): string {
  const one = (userId: string) => objectName?.(userId) ?? t('memberLines.aMember');
  switch (event.type) {
    case 'friends.started':
      return t('system.friendsStarted');
    case 'group.created':
      return objectName
        ? t('memberLines.groupCreated', { actor, members: listNames(event.memberIds, objectName, t) })
        : t('system.groupCreated', { actor });
    case 'group.renamed':
      return t('system.groupRenamed', { actor, name: event.name });
    case 'members.invited':
      return objectName
        ? t('memberLines.membersInvited', { actor, members: listNames(event.memberIds, objectName, t) })
        : t('system.membersInvited', { actor });
    case 'member.removed':
      return objectName
        ? t('memberLines.memberRemoved', { actor, member: one(event.memberId) })
        : t('system.memberRemoved', { actor });
    case 'member.left':
      return t('system.memberLeft', { actor });
    case 'owner.transferred':
      return objectName
        ? t('memberLines.ownerTransferred', { actor, member: one(event.ownerId) })
        : t('system.ownerTransferred', { actor });
    case 'admin.appointed':
      return objectName
        ? t('memberLines.adminAppointed', { actor, member: one(event.memberId) })
        : t('system.adminAppointed', { actor });
    case 'admin.dismissed':
      return objectName
        ? t('memberLines.adminDismissed', { actor, member: one(event.memberId) })
        : t('system.adminDismissed', { actor });
    case 'group.dissolved':
      return t('system.groupDissolved', { actor });
  }
}

/**
 * "Bob、Carol" / "Bob and Carol", "Bob和另外2人" / "Bob and 2 others", "2位成员" / "2 members":
 * the known names, then a count of the rest.
 */
export function listNames(userIds: readonly string[], objectName: ObjectName, t: TFunction): string {
  const known: string[] = [];
  let unknown = 0;
  for (const userId of userIds) {
    const name = objectName(userId);
    if (name === null) unknown++;
    else known.push(name);
  }
  if (known.length === 0) {
    if (unknown === 0) return '';
    // Not "1位成员": Chinese has no plural form to tell one apart, so one gets its own words.
    return unknown === 1 ? t('memberLines.aMember') : t('memberLines.members', { count: unknown });
  }
  if (unknown > 0)
    return t('memberLines.namesAndOthers', { names: known.join(t('memberLines.separator')), count: unknown });
  if (known.length === 1) return known[0] ?? '';
  return `${known.slice(0, -1).join(t('memberLines.separator'))}${t('memberLines.lastSeparator')}${known.at(-1)}`;
}

/** What a group's chat knows of its people, for naming them: me, my friends, its members and others seen. */
export interface GroupNames {
  me: Me | null;
  friends: readonly Friend[];
  people: GroupPeople;
}

/** Names someone in the object position of a line in this group ("you" for me), null when unknown. */
export function groupObjectName(names: GroupNames, t: TFunction): ObjectName {
  return (userId) => {
    if (userId === names.me?.id) return t('memberLines.you');
    return personFace(userId, names.me, names.friends, names.people)?.name ?? null;
  };
}

/**
 * The name to show for a user in this account's view: me, a friend's remark or name, or
 * "someone"; in a group (`group` given), its members by 群昵称 > remark > name first.
 */
export function personName(
  userId: string | null,
  meId: string,
  friends: readonly Friend[],
  t: TFunction,
  group?: GroupNames,
): string {
  if (userId === null) return t('system.someone');
  if (userId === meId) return t('system.you');
  if (group) return personFace(userId, group.me, friends, group.people)?.name ?? t('system.someone');
  const friend = friends.find((f) => f.user.id === userId);
  return friend ? friendName(friend) : t('system.someone');
}

/** What a notification may name people by: me, my friends, and a group's people as last read. */
export interface NotificationNames {
  me: Me | null;
  friends: readonly Friend[];
  /** The group's member list, when it has been read (present and former members). */
  people?: GroupPeople;
}

/**
 * A system notification's words: the chat's name over the message, "Sender: text" in a group,
 * each person named as the chat names them. With previews off, neither who nor what.
 */
export function notificationText(
  conversation: Conversation,
  message: Message,
  names: NotificationNames,
  preview: boolean,
  t: TFunction,
): { title: string; body: string } {
  if (!preview) return { title: t('app.name'), body: t('list.hiddenBody') };
  const meId = names.me?.id ?? '';
  const group: GroupNames | undefined =
    conversation.kind === 'group' && names.people
      ? { me: names.me, friends: names.friends, people: names.people }
      : undefined;
  const roster = group ? { me: names.me, members: group.people.members } : null;
  const title = conversationFace(conversation, names.friends, t, roster).name;
  const text = previewOf(message, meId, names.friends, t);
  if (conversation.kind !== 'group') return { title, body: text };
  return { title, body: `${personName(message.senderId, meId, names.friends, t, group)}: ${text}` };
}

/**
 * The last line under a conversation's name. A system line says whom it was about as the chat
 * does ("王芳将你移出了群聊") wherever the list can name them: me, my friends, and a group's
 * `people` when its member list is already held (the list reads none for this).
 */
export function previewOf(
  message: Message | null,
  meId: string,
  friends: readonly Friend[],
  t: TFunction,
  people?: GroupPeople,
): string {
  if (!message) return '';
  if (message.content.kind === 'system') {
    const group: GroupNames = { me: null, friends, people: people ?? { members: [] } };
    const actor = personName(message.senderId, meId, friends, t, people ? group : undefined);
    const objectName: ObjectName = (userId) =>
      userId === meId
        ? t('memberLines.you')
        : (personFace(userId, null, friends, group.people)?.name ?? null);
    return describeSystemEvent(message.content.event, actor, t, objectName);
  }
  if (message.content.kind === 'image') return t('messages.imagePreview');
  if (message.content.kind === 'video') return videoPreviewOf(message.content.card, t);
  if (message.content.kind === 'call') return callPreview(message.content.call, message.senderId === meId, t);
  return message.content.text.replace(/\s+/g, ' ');
}

/** "[视频] caption" for a shared video; "该视频已不可用" once its owner deleted it or made it private. */
function videoPreviewOf(card: VideoCard, t: TFunction): string {
  if (!card.available) return t('videoChat.unavailable');
  const caption = card.caption.replace(/\s+/g, ' ').trim();
  return caption ? t('videoChat.preview', { caption }) : t('videoChat.previewUntitled');
}
