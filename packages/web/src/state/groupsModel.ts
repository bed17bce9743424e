import type { Conversation, Friend, Me, Member, MemberRole } from '@liao/protocol';
import { friendName } from './friendsModel';

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

/** How a member shows in the grid: a name (null when the app knows none), a picture, a role. */
export interface MemberFace {
  userId: string;
  /** 群昵称 > my remark > their display name; null for a stranger without a nickname. */
  name: string | null;
  /** The person's own display name for the default avatar (their nickname when that is all we know). */
  avatarName: string;
  avatarUrl: string | null;
  role: MemberRole;
  isMe: boolean;
  /** A friend of mine: clicking opens their profile. */
  isFriend: boolean;
}

/** The name I see for a member: their 群昵称, else my remark for them, else their display name. */
export function memberFace(member: Member, me: Me | null, friends: readonly Friend[]): MemberFace {
  const base = { userId: member.userId, role: member.role, isMe: member.userId === me?.id };
  if (me && base.isMe) {
    return {
      ...base,
      name: member.nickname || me.displayName,
      avatarName: me.displayName,
      avatarUrl: me.avatarUrl,
      isFriend: false,
    };
  }
  const friend = friends.find((f) => f.user.id === member.userId);
  if (friend) {
    return {
      ...base,
      name: member.nickname || friendName(friend),
      avatarName: friend.user.displayName,
      avatarUrl: friend.user.avatarUrl,
      isFriend: true,
    };
  }
  // The server tells members nothing about a member who is not their friend but the 群昵称.
  return {
    ...base,
    name: member.nickname || null,
    avatarName: member.nickname || '?',
    avatarUrl: null,
    isFriend: false,
  };
}

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
    remove: role !== 'member',
    leave: true,
    dissolve: role === 'owner',
  };
}

/** Whether I may remove this member: the owner anyone else, an admin only plain members. */
export function canRemoveMember(myRole: MemberRole, myId: string, target: Member): boolean {
  if (target.userId === myId) return false;
  if (myRole === 'owner') return true;
  return myRole === 'admin' && target.role === 'member';
}

/**
 * Who becomes owner when the owner leaves: the longest-standing admin, else the longest-standing
 * member (the server's doLeaveGroup; `members` in joining order, as the server lists them).
 */
export function heirOf(members: readonly Member[], ownerId: string): Member | null {
  const others = members.filter((m) => m.userId !== ownerId);
  return others.find((m) => m.role === 'admin') ?? others[0] ?? null;
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
