import type { Friend, Me, Member, MemberRole } from '@liao/protocol';

/*
 * How people show wherever the app names them (the chat list, a group's members, a video's
 * owner, the search): the name I see and the picture. Shared by the features, so that each
 * names people the same way.
 */

/** The name the owner of the list sees: their remark (备注) if they set one. */
export function friendName(friend: Friend): string {
  return friend.remark || friend.user.displayName;
}

/** How a person shows in a group: the name I see, and their picture. */
export interface PersonFace {
  /** 群昵称 > my remark > their display name. */
  name: string;
  /** The person's own display name, for the default avatar. */
  avatarName: string;
  avatarUrl: string | null;
}

/** How a member shows in the grid: a name, a picture, a role. */
export interface MemberFace extends PersonFace {
  userId: string;
  role: MemberRole;
  isMe: boolean;
  /** A friend of mine: clicking opens their profile. */
  isFriend: boolean;
}

/**
 * The name I see for a member: their 群昵称, else my remark for them (a friend), else their
 * display name, which every member of a group sees of every other. Pictures: a friend's as the
 * friends list has it (it follows their changes live), else the member list's.
 */
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
  return {
    ...base,
    name: member.nickname || member.user.displayName,
    avatarName: member.user.displayName,
    avatarUrl: member.user.avatarUrl,
    isFriend: false,
  };
}

/** The people a group's chat can name: its members now, and those who were in it earlier. */
export interface GroupPeople {
  members: readonly Member[];
  /** Members seen in an earlier list who are gone: the lines about them still name them. */
  former?: readonly Member[];
}

/**
 * How I see anyone a group's chat mentions (a sender, the subject or object of a system line):
 * a member, present or gone, by memberFace's rule; anyone else as my friend; null for someone
 * the app knows nothing about.
 */
export function personFace(
  userId: string,
  me: Me | null,
  friends: readonly Friend[],
  people: GroupPeople,
): PersonFace | null {
  const member =
    people.members.find((m) => m.userId === userId) ?? people.former?.find((m) => m.userId === userId);
  if (member) return memberFace(member, me, friends);
  if (me && userId === me.id)
    return { name: me.displayName, avatarName: me.displayName, avatarUrl: me.avatarUrl };
  const friend = friends.find((f) => f.user.id === userId);
  if (!friend) return null;
  return { name: friendName(friend), avatarName: friend.user.displayName, avatarUrl: friend.user.avatarUrl };
}
