import type { SystemEvent } from '@liao/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../i18n';
import { makeMember } from '../state/groupsTestBuilders';
import { makeFriend, makeMe, makeUser } from '../state/testBuilders';
import { describeSystemEvent, type GroupNames, groupObjectName, listNames, personName } from './chatText';

describe('naming people in a group chat', () => {
  let i18n: ReturnType<typeof initI18n>;
  beforeAll(() => {
    i18n = initI18n('zh-CN');
  });
  const zh = () => i18n.getFixedT('zh-CN');
  const en = () => i18n.getFixedT('en');

  const me = makeMe({ displayName: '林晓' });
  const alice = makeMember({ user: makeUser({ displayName: 'Alice' }) });
  const bob = makeMember({ user: makeUser({ displayName: 'Bob' }), nickname: '小波' });
  const carolFriend = makeFriend({ user: makeUser({ displayName: 'Carol' }), remark: '卡罗' });
  const carol = makeMember({ userId: carolFriend.user.id });
  const gone = makeUser({ displayName: 'Dave' });
  const group: GroupNames = {
    me,
    friends: [carolFriend],
    people: {
      members: [makeMember({ userId: me.id }), alice, bob, carol],
      former: [makeMember({ userId: gone.id, user: gone })],
    },
  };
  const line = (event: SystemEvent, actorId: string, t = zh()) =>
    describeSystemEvent(
      event,
      personName(actorId, me.id, group.friends, t, group),
      t,
      groupObjectName(group, t),
    );

  it('names a sender who is not my friend by their own name, a friend by my remark, and 群昵称 above both', () => {
    expect(personName(alice.userId, me.id, group.friends, zh(), group)).toBe('Alice');
    expect(personName(carol.userId, me.id, group.friends, zh(), group)).toBe('卡罗');
    expect(personName(bob.userId, me.id, group.friends, zh(), group)).toBe('小波');
    expect(personName(me.id, me.id, group.friends, zh(), group)).toBe('你');
    // Outside a group, a stranger stays "someone".
    expect(personName(alice.userId, me.id, group.friends, zh())).toBe('有人');
  });

  it('says who did what to whom, as WeChat does', () => {
    const invited: SystemEvent = { type: 'members.invited', actorId: alice.userId, memberIds: [bob.userId] };
    expect(line(invited, alice.userId)).toBe('Alice 邀请 小波 加入了群聊');
    expect(line(invited, alice.userId, en())).toBe('Alice invited 小波 to the group');
    const removed: SystemEvent = { type: 'member.removed', actorId: me.id, memberId: gone.id };
    expect(line(removed, me.id)).toBe('你 将 Dave 移出了群聊');
    expect(line(removed, me.id, en())).toBe('You removed Dave from the group');
    const created: SystemEvent = {
      type: 'group.created',
      actorId: carol.userId,
      memberIds: [me.id, alice.userId],
    };
    expect(line(created, carol.userId)).toBe('卡罗 邀请 你、Alice 加入了群聊');
    expect(line(created, carol.userId, en())).toBe('卡罗 invited you and Alice to the group');
    const transferred: SystemEvent = { type: 'owner.transferred', actorId: alice.userId, ownerId: me.id };
    expect(line(transferred, alice.userId, en())).toBe('Alice made you the group owner');
  });

  it('counts the people it cannot name instead of leaving them out', () => {
    const strangers = [makeUser().id, makeUser().id];
    expect(listNames([alice.userId, ...strangers], groupObjectName(group, en()), en())).toBe(
      'Alice and 2 others',
    );
    expect(listNames(strangers, groupObjectName(group, zh()), zh())).toBe('2 位成员');
    const removed: SystemEvent = { type: 'member.removed', actorId: alice.userId, memberId: strangers[0]! };
    expect(line(removed, alice.userId, en())).toBe('Alice removed a member from the group');
  });

  it('without a group’s people, lines say what happened without whom (list previews)', () => {
    const invited: SystemEvent = { type: 'members.invited', actorId: alice.userId, memberIds: [bob.userId] };
    expect(describeSystemEvent(invited, 'Alice', zh())).toBe('Alice 邀请了新成员');
  });
});
