import {
  type Conversation,
  type Friend,
  type Member,
  type MemberRole,
  mayRemoveMembers,
  heirOf as nextOwner,
  ownsGroup,
  removalRefusal,
} from '@liao/protocol';

/*
 * Group chats as the screens need them: who is shown how, who may do what. The rules mirror
 * the server's (packages/server/src/conversations/members.ts and groups.ts), so the UI offers
 * only what the server will accept; the server stays the judge.
 */

/** A group has its owner and at least two others when it is made (CreateGroupBody). */
export const MIN_GROUP_FRIENDS = 2;
/** The longest group name and 群昵称 the server takes (GroupName and Nickname in the protocol). */
export const GROUP_NAME_MAX = 40;
export const NICKNAME_MAX = 32;

const ROLE_ORDER: Record<MemberRole, number> = { owner: 0, admin: 1, member: 2 };

/** The owner first, then admins, then everyone else; within a role, who joined first (as listed). */
export function sortMembers<T extends { role: MemberRole }>(members: readonly T[]): T[] {
  return members
    .map((member, index) => ({ member, index }))
    .sort((a, b) => ROLE_ORDER[a.member.role] - ROLE_ORDER[b.member.role] || a.index - b.index)
    .map(({ member }) => member);
}

/** What I may do in a conversation, as the server decides it. */
export interface GroupAbilities {
  invite: boolean;
  rename: boolean;
  setNickname: boolean;
  /** Whether the "−" (remove members) is offered at all. */
  remove: boolean;
  leave: boolean;
  dissolve: boolean;
}

const NOTHING: GroupAbilities = {
  invite: false,
  rename: false,
  setNickname: false,
  remove: false,
  leave: false,
  dissolve: false,
};

export function groupAbilities(conversation: Conversation): GroupAbilities {
  if (conversation.kind !== 'group' || !conversation.active || conversation.dissolved) return NOTHING;
  const role = conversation.myRole;
  return {
    // Any member invites their friends and names the group, as in WeChat.
    invite: true,
    rename: true,
    setNickname: true,
    remove: mayRemoveMembers(role),
    leave: true,
    dissolve: ownsGroup(role),
  };
}

/** Whether I may remove this member (the protocol's removalRefusal); removing myself is leaving. */
export function canRemoveMember(myRole: MemberRole, myId: string, target: Member): boolean {
  return target.userId !== myId && removalRefusal(myRole, target.role) === null;
}

/**
 * Who becomes owner when the owner leaves: the longest-standing admin, else the longest-standing
 * member (the server's doLeaveGroup; `members` in joining order, as the server lists them).
 */
export function heirOf(members: readonly Member[], ownerId: string): Member | null {
  return nextOwner(members.filter((m) => m.userId !== ownerId));
}

/** The groups I am in, for the Friends page: active ones, newest activity first as the SDK sorts. */
export function groupsOf(conversations: readonly Conversation[]): Conversation[] {
  return conversations.filter((c) => c.kind === 'group' && c.active);
}

/**
 * Friends matching what is typed: their remark, display name or username, or the pinyin of
 * their name as the contact list files it ("zhangwei", "zhang wei" or the initials "zw" find
 * 张伟). Case and surrounding spaces do not count.
 */
export function filterFriends(friends: readonly Friend[], query: string): Friend[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [...friends];
  const compact = needle.replace(/\s+/g, '');
  return friends.filter((f) => {
    const syllables = f.sortKey.split(' ').filter(Boolean);
    return (
      [f.remark, f.user.displayName, f.user.username].some((field) => field.toLowerCase().includes(needle)) ||
      syllables.join('').includes(compact) ||
      syllables
        .map((s) => s[0])
        .join('')
        .startsWith(compact)
    );
  });
}

/** The friends to create a group with: enough of them, none twice. */
export function canCreateGroup(picked: readonly string[]): boolean {
  return new Set(picked).size >= MIN_GROUP_FRIENDS;
}
