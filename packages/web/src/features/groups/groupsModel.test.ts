import type { Conversation } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { makeConversation, makeFriend, makeMe, makeMember, makeUser } from '../../app/state/testBuilders';
import {
  canCreateGroup,
  canRemoveMember,
  filterFriends,
  groupAbilities,
  groupsOf,
  heirOf,
  memberFace,
  personFace,
  sortMembers,
} from './groupsModel';

function group(fields: Partial<Conversation> = {}): Conversation {
  return makeConversation({ kind: 'group', peerId: null, memberCount: 3, ...fields });
}

describe('how a member is named', () => {
  const me = makeMe({ displayName: '林晓' });
  const friend = makeFriend({ user: makeUser({ displayName: '张伟' }), remark: '伟哥' });
  const plain = makeFriend({ user: makeUser({ displayName: '陈静' }) });

  it('uses the 群昵称 first, then my remark, then their display name', () => {
    const friends = [friend, plain];
    expect(memberFace(makeMember({ userId: friend.user.id, nickname: '班长' }), me, friends).name).toBe(
      '班长',
    );
    expect(memberFace(makeMember({ userId: friend.user.id }), me, friends).name).toBe('伟哥');
    expect(memberFace(makeMember({ userId: plain.user.id }), me, friends).name).toBe('陈静');
  });

  it('names me by my nickname in the group, else my own name, with my picture', () => {
    const mine = memberFace(makeMember({ userId: me.id }), me, []);
    expect(mine).toMatchObject({ name: '林晓', isMe: true, isFriend: false, avatarName: '林晓' });
    expect(memberFace(makeMember({ userId: me.id, nickname: '晓晓' }), me, []).name).toBe('晓晓');
  });

  it('names a member who is not my friend by their 群昵称, else their own name, with their picture', () => {
    const user = { displayName: '陈静', avatarUrl: '/api/media/avatars/x' };
    const stranger = memberFace(makeMember({ nickname: '路人甲', user: makeUser(user) }), me, [friend]);
    expect(stranger).toMatchObject({
      name: '路人甲',
      avatarName: '陈静',
      avatarUrl: '/api/media/avatars/x',
      isFriend: false,
    });
    expect(memberFace(makeMember({ user: makeUser(user) }), me, [friend]).name).toBe('陈静');
  });

  it('draws a friend from the friends list, which follows their changes, not the older member list', () => {
    const member = makeMember({
      userId: friend.user.id,
      user: makeUser({ displayName: '旧名', avatarUrl: null }),
    });
    expect(memberFace(member, me, [friend])).toMatchObject({ name: '伟哥', avatarName: '张伟' });
  });

  it('opens a profile only for friends', () => {
    expect(memberFace(makeMember({ userId: friend.user.id }), me, [friend]).isFriend).toBe(true);
  });
});

describe('how a group chat names anyone it mentions', () => {
  const me = makeMe({ displayName: '林晓' });
  const friend = makeFriend({ user: makeUser({ displayName: '张伟' }), remark: '伟哥' });

  it('names a member by the member rule, me by my own name', () => {
    const member = makeMember({ nickname: '班长', user: makeUser({ displayName: '陈静' }) });
    const people = { members: [member] };
    expect(personFace(member.userId, me, [friend], people)?.name).toBe('班长');
    expect(personFace(me.id, me, [friend], people)).toEqual({
      name: '林晓',
      avatarName: '林晓',
      avatarUrl: null,
    });
  });

  it('names someone gone from it as they were in it, else as my friend, else not at all', () => {
    const gone = makeMember({ nickname: '小王', user: makeUser({ displayName: '王芳' }) });
    const people = { members: [], former: [gone] };
    expect(personFace(gone.userId, me, [friend], people)?.name).toBe('小王');
    expect(personFace(friend.user.id, me, [friend], people)).toEqual({
      name: '伟哥',
      avatarName: '张伟',
      avatarUrl: null,
    });
    expect(personFace(makeUser().id, me, [friend], people)).toBeNull();
  });
});

describe('who may do what in a group (as the server rules)', () => {
  it('lets any member invite, rename and set a nickname, but only owner and admins remove', () => {
    expect(groupAbilities(group({ myRole: 'member' }))).toEqual({
      invite: true,
      rename: true,
      setNickname: true,
      remove: false,
      leave: true,
      dissolve: false,
    });
    expect(groupAbilities(group({ myRole: 'admin' }))).toMatchObject({ remove: true, dissolve: false });
    expect(groupAbilities(group({ myRole: 'owner' }))).toMatchObject({ remove: true, dissolve: true });
  });

  it('allows nothing in a group I left, was removed from, or that was dissolved, nor in a one-to-one chat', () => {
    const none = {
      invite: false,
      rename: false,
      setNickname: false,
      remove: false,
      leave: false,
      dissolve: false,
    };
    expect(groupAbilities(group({ active: false, myRole: 'owner' }))).toEqual(none);
    expect(groupAbilities(group({ dissolved: true, active: false, myRole: 'owner' }))).toEqual(none);
    expect(groupAbilities(makeConversation({ kind: 'direct' }))).toEqual(none);
  });

  it('lets the owner remove anyone else, an admin only plain members, a member no one', () => {
    const meId = makeUser().id;
    const owner = makeMember({ role: 'owner' });
    const admin = makeMember({ role: 'admin' });
    const member = makeMember();
    expect([owner, admin, member].map((m) => canRemoveMember('owner', meId, m))).toEqual([true, true, true]);
    expect([owner, admin, member].map((m) => canRemoveMember('admin', meId, m))).toEqual([
      false,
      false,
      true,
    ]);
    expect([owner, admin, member].map((m) => canRemoveMember('member', meId, m))).toEqual([
      false,
      false,
      false,
    ]);
    expect(canRemoveMember('owner', meId, makeMember({ userId: meId, role: 'owner' }))).toBe(false);
  });

  it('hands a leaving owner’s group to the longest-standing admin, else the longest-standing member', () => {
    const owner = makeMember({ role: 'owner' });
    const first = makeMember();
    const admin = makeMember({ role: 'admin' });
    expect(heirOf([owner, first, admin], owner.userId)).toBe(admin);
    expect(heirOf([owner, first], owner.userId)).toBe(first);
    expect(heirOf([owner], owner.userId)).toBeNull();
  });

  it('lists the owner, then admins, then members, each in joining order', () => {
    const a = makeMember();
    const b = makeMember({ role: 'admin' });
    const c = makeMember({ role: 'owner' });
    const d = makeMember();
    const e = makeMember({ role: 'admin' });
    expect(sortMembers([a, b, c, d, e])).toEqual([c, b, e, a, d]);
  });

  it('needs two friends besides me to make a group', () => {
    expect(canCreateGroup(['a'])).toBe(false);
    expect(canCreateGroup(['a', 'a'])).toBe(false);
    expect(canCreateGroup(['a', 'b'])).toBe(true);
  });

  it('shows on the Friends page only the groups I am still in', () => {
    const mine = group();
    const left = group({ active: false });
    const direct = makeConversation({ kind: 'direct' });
    expect(groupsOf([mine, left, direct])).toEqual([mine]);
  });
});

describe('the friend picker’s search', () => {
  const zhang = makeFriend({
    user: makeUser({ displayName: '张伟', username: 'weiwei' }),
    remark: '伟哥',
    sortKey: 'zhang wei',
  });
  const chen = makeFriend({
    user: makeUser({ displayName: 'Chen Jing', username: 'cj88' }),
    sortKey: 'chen jing',
  });
  const friends = [zhang, chen];

  it('finds by remark, display name and username, whatever the case', () => {
    expect(filterFriends(friends, '伟哥')).toEqual([zhang]);
    expect(filterFriends(friends, '张')).toEqual([zhang]);
    expect(filterFriends(friends, 'CHEN')).toEqual([chen]);
    expect(filterFriends(friends, 'cj8')).toEqual([chen]);
  });

  it('finds Chinese names by their pinyin, whole or by initials', () => {
    expect(filterFriends(friends, 'zhangwei')).toEqual([zhang]);
    expect(filterFriends(friends, 'zhang wei')).toEqual([zhang]);
    expect(filterFriends(friends, 'zw')).toEqual([zhang]);
  });

  it('shows everyone for an empty query and no one for a miss', () => {
    expect(filterFriends(friends, '  ')).toEqual(friends);
    expect(filterFriends(friends, 'nobody')).toEqual([]);
  });
});
