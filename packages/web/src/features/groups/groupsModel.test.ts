import type { Conversation } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { makeConversation, makeFriend, makeMember, makeUser } from '../../app/state/testBuilders';
import {
  canCreateGroup,
  canRemoveMember,
  filterFriends,
  groupAbilities,
  groupsOf,
  heirOf,
  sortMembers,
} from './groupsModel';

function group(fields: Partial<Conversation> = {}): Conversation {
  return makeConversation({ kind: 'group', peerId: null, memberCount: 3, ...fields });
}

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
