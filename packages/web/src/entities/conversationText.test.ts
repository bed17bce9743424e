import type { SystemEvent } from '@liao/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../app/i18n';
import {
  makeConversation,
  makeFriend,
  makeMe,
  makeMember,
  makeTextMessage,
  makeUser,
} from '../app/state/testBuilders';
import {
  conversationFace,
  describeSystemEvent,
  type GroupNames,
  type GroupRoster,
  groupObjectName,
  groupTitle,
  listNames,
  notificationText,
  personName,
  previewOf,
} from './conversationText';

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
    expect(line(invited, alice.userId)).toBe('Alice邀请小波加入了群聊');
    expect(line(invited, alice.userId, en())).toBe('Alice invited 小波 to the group');
    const removed: SystemEvent = { type: 'member.removed', actorId: me.id, memberId: gone.id };
    expect(line(removed, me.id)).toBe('你将Dave移出了群聊');
    expect(line(removed, me.id, en())).toBe('You removed Dave from the group');
    const created: SystemEvent = {
      type: 'group.created',
      actorId: carol.userId,
      memberIds: [me.id, alice.userId],
    };
    expect(line(created, carol.userId)).toBe('卡罗邀请你、Alice加入了群聊');
    expect(line(created, carol.userId, en())).toBe('卡罗 invited you and Alice to the group');
    const transferred: SystemEvent = { type: 'owner.transferred', actorId: alice.userId, ownerId: me.id };
    expect(line(transferred, alice.userId, en())).toBe('Alice made you the group owner');
  });

  it('counts the people it cannot name instead of leaving them out', () => {
    const strangers = [makeUser().id, makeUser().id];
    expect(listNames([alice.userId, ...strangers], groupObjectName(group, en()), en())).toBe(
      'Alice and 2 others',
    );
    expect(listNames([alice.userId, ...strangers], groupObjectName(group, zh()), zh())).toBe(
      'Alice和另外2人',
    );
    expect(listNames(strangers, groupObjectName(group, zh()), zh())).toBe('2位成员');
    expect(listNames(strangers.slice(1), groupObjectName(group, zh()), zh())).toBe('一位成员');
    expect(listNames(strangers.slice(1), groupObjectName(group, en()), en())).toBe('a member');
    const removed: SystemEvent = { type: 'member.removed', actorId: alice.userId, memberId: strangers[0]! };
    expect(line(removed, alice.userId, en())).toBe('Alice removed a member from the group');
    expect(line(removed, alice.userId)).toBe('Alice将一位成员移出了群聊');
  });

  it('without a group’s people, lines say what happened without whom (the chat, while its list loads)', () => {
    const invited: SystemEvent = { type: 'members.invited', actorId: alice.userId, memberIds: [bob.userId] };
    expect(describeSystemEvent(invited, 'Alice', zh())).toBe('Alice邀请了新成员');
    expect(describeSystemEvent(invited, 'Alice', en())).toBe('Alice invited new members');
  });
});

describe('[#15] system lines are whole sentences in each language', () => {
  let i18n: ReturnType<typeof initI18n>;
  beforeAll(() => {
    i18n = initI18n('zh-CN');
  });
  const zh = () => i18n.getFixedT('zh-CN');
  const en = () => i18n.getFixedT('en');

  const me = makeMe({ displayName: '林晓' });
  const wangFriend = makeFriend({ user: makeUser({ displayName: '王芳' }) });
  const wang = makeMember({ userId: wangFriend.user.id, user: wangFriend.user, role: 'owner' });
  const li = makeMember({ user: makeUser({ displayName: '李华' }) });
  const zhao = makeMember({ user: makeUser({ displayName: '赵磊' }) });
  const bob = makeMember({ user: makeUser({ displayName: 'Bob Li' }) });
  const people = { members: [makeMember({ userId: me.id }), wang, li, zhao, bob] };
  const group: GroupNames = { me, friends: [wangFriend], people };
  /** The line as the chat draws it, `actorId` having sent it. */
  const chatLine = (event: SystemEvent, actorId: string, t: ReturnType<typeof zh>) =>
    describeSystemEvent(
      event,
      personName(actorId, me.id, group.friends, t, group),
      t,
      groupObjectName(group, t),
    );
  const both = (event: SystemEvent, actorId: string) => [
    chatLine(event, actorId, zh()),
    chatLine(event, actorId, en()),
  ];

  it('sets no space around a name in Chinese and a space on each side in English', () => {
    const invited: SystemEvent = {
      type: 'members.invited',
      actorId: me.id,
      memberIds: [li.userId, zhao.userId],
    };
    expect(both(invited, me.id)).toEqual([
      '你邀请李华、赵磊加入了群聊',
      'You invited 李华 and 赵磊 to the group',
    ]);
    const removed: SystemEvent = { type: 'member.removed', actorId: wang.userId, memberId: me.id };
    expect(both(removed, wang.userId)).toEqual(['王芳将你移出了群聊', '王芳 removed you from the group']);
    const created: SystemEvent = {
      type: 'group.created',
      actorId: wang.userId,
      memberIds: [me.id, li.userId, bob.userId],
    };
    expect(both(created, wang.userId)).toEqual([
      '王芳邀请你、李华、Bob Li加入了群聊',
      '王芳 invited you, 李华 and Bob Li to the group',
    ]);
    const renamed: SystemEvent = { type: 'group.renamed', actorId: li.userId, name: '周末爬山' };
    expect(both(renamed, li.userId)).toEqual([
      '李华将群名改为“周末爬山”',
      '李华 renamed the group to “周末爬山”',
    ]);
    const owner: SystemEvent = { type: 'owner.transferred', actorId: wang.userId, ownerId: me.id };
    expect(both(owner, wang.userId)).toEqual(['王芳将群主转让给你', '王芳 made you the group owner']);
    const appointed: SystemEvent = { type: 'admin.appointed', actorId: me.id, memberId: bob.userId };
    expect(both(appointed, me.id)).toEqual(['你将Bob Li设为管理员', 'You made Bob Li an admin']);
    const dismissed: SystemEvent = { type: 'admin.dismissed', actorId: me.id, memberId: bob.userId };
    expect(both(dismissed, me.id)).toEqual(['你取消了Bob Li的管理员身份', 'You removed Bob Li as an admin']);
    const left: SystemEvent = { type: 'member.left', actorId: zhao.userId };
    expect(both(left, zhao.userId)).toEqual(['赵磊退出了群聊', '赵磊 left the group']);
    const dissolved: SystemEvent = { type: 'group.dissolved', actorId: wang.userId };
    expect(both(dissolved, wang.userId)).toEqual(['王芳解散了群聊', '王芳 dissolved the group']);
  });

  it('the list of someone removed says what their chat says, not "王芳移出了一位成员"', () => {
    const removed = makeTextMessage({
      conversationId: 'g',
      senderId: wang.userId,
      content: { kind: 'system', event: { type: 'member.removed', actorId: wang.userId, memberId: me.id } },
    });
    // Removed, I can no longer read the member list; 王芳 is my friend.
    const gone: GroupNames = { me, friends: [wangFriend], people: { members: [] } };
    for (const t of [zh(), en()]) {
      const inChat = describeSystemEvent(
        { type: 'member.removed', actorId: wang.userId, memberId: me.id },
        personName(wang.userId, me.id, gone.friends, t, gone),
        t,
        groupObjectName(gone, t),
      );
      expect(previewOf(removed, me.id, [wangFriend], t)).toBe(inChat);
    }
    expect(previewOf(removed, me.id, [wangFriend], zh())).toBe('王芳将你移出了群聊');
  });

  it('a list names the others it knows (a held member list), and counts the rest as the chat does', () => {
    const removed = makeTextMessage({
      conversationId: 'g',
      senderId: wang.userId,
      content: {
        kind: 'system',
        event: { type: 'member.removed', actorId: wang.userId, memberId: zhao.userId },
      },
    });
    expect(previewOf(removed, me.id, [wangFriend], zh())).toBe('王芳将一位成员移出了群聊');
    expect(previewOf(removed, me.id, [wangFriend], en())).toBe('王芳 removed a member from the group');
    expect(previewOf(removed, me.id, [wangFriend], zh(), people)).toBe('王芳将赵磊移出了群聊');
    expect(previewOf(removed, me.id, [wangFriend], en(), people)).toBe('王芳 removed 赵磊 from the group');
  });
});

describe('a group without a name, called by its people', () => {
  let i18n: ReturnType<typeof initI18n>;
  beforeAll(() => {
    i18n = initI18n('zh-CN');
  });
  const zh = () => i18n.getFixedT('zh-CN');
  const en = () => i18n.getFixedT('en');

  const me = makeMe({ displayName: '林晓' });
  const mine = makeMember({ userId: me.id, nickname: '晓晓' });
  const zhang = makeMember({ user: makeUser({ displayName: '张伟' }) });
  const liFriend = makeFriend({ user: makeUser({ displayName: 'Li Na' }), remark: '李娜' });
  const li = makeMember({ userId: liFriend.user.id, user: liFriend.user });
  const bob = makeMember({ user: makeUser({ displayName: 'Robert' }), nickname: 'Bob' });
  const wang = makeMember({ user: makeUser({ displayName: '王芳' }) });
  const zhao = makeMember({ user: makeUser({ displayName: '赵磊' }) });
  const friends = [liFriend];
  const roster = (...members: ReturnType<typeof makeMember>[]): GroupRoster => ({ me, members });

  it('names the others in joining order by 群昵称 > my remark > their name, me left out', () => {
    const three = roster(mine, zhang, li, bob);
    expect(groupTitle(three, friends, zh())).toBe('张伟、李娜、Bob');
    expect(groupTitle(three, friends, en())).toBe('张伟, 李娜, Bob');
  });

  it('names four in full; past four, the first three and how many', () => {
    expect(groupTitle(roster(zhang, mine, li, bob, wang), friends, zh())).toBe('张伟、李娜、Bob、王芳');
    const five = roster(mine, zhang, li, bob, wang, zhao);
    expect(groupTitle(five, friends, zh())).toBe('张伟、李娜、Bob等5人');
    expect(groupTitle(five, friends, en())).toBe('张伟, 李娜, Bob and 2 more');
    expect(groupTitle(roster(mine, zhang, li, bob, wang, zhao, makeMember()), friends, en())).toBe(
      '张伟, 李娜, Bob and 3 more',
    );
  });

  it('has no title of people when I am alone in it', () => {
    expect(groupTitle(roster(mine), friends, zh())).toBeNull();
  });

  it('the face: a name wins; without one, the people once known, else 群聊; the picture stays the group’s', () => {
    const unnamed = makeConversation({ kind: 'group', name: null, memberCount: 3 });
    const known = roster(mine, zhang, li);
    expect(conversationFace(unnamed, friends, zh(), known)).toEqual({
      name: '张伟、李娜',
      avatarName: '群聊',
      avatarUrl: null,
    });
    expect(conversationFace(unnamed, friends, en(), null).name).toBe('Group chat');
    expect(conversationFace(unnamed, friends, zh()).name).toBe('群聊');
    expect(conversationFace(unnamed, friends, zh(), roster(mine)).name).toBe('群聊');
    const named = makeConversation({ kind: 'group', name: '周末爬山' });
    expect(conversationFace(named, friends, zh(), known).name).toBe('周末爬山');
  });

  it('a one-to-one chat with someone no longer a friend keeps their name and picture from the member list', () => {
    const gone = makeMember({
      user: { ...makeUser({ displayName: 'Former 旧友' }), avatarUrl: '/api/media/avatars/x' },
    });
    const chat = makeConversation({ kind: 'direct', peerId: gone.userId, memberCount: 2 });
    expect(conversationFace(chat, friends, zh(), roster(mine, gone))).toEqual({
      name: 'Former 旧友',
      avatarName: 'Former 旧友',
      avatarUrl: '/api/media/avatars/x',
    });
    expect(conversationFace(chat, friends, zh(), null).name).toBe('聊天');
  });
});

describe('the words of a system notification', () => {
  let i18n: ReturnType<typeof initI18n>;
  beforeAll(() => {
    i18n = initI18n('zh-CN');
  });
  const zh = () => i18n.getFixedT('zh-CN');
  const en = () => i18n.getFixedT('en');

  const me = makeMe({ displayName: '林晓' });
  const stranger = makeMember({ user: makeUser({ displayName: 'Alice' }) });
  const nicknamed = makeMember({ user: makeUser({ displayName: 'Robert' }), nickname: '老鲍' });
  const friend = makeFriend({ user: makeUser({ displayName: 'Carol' }), remark: '卡罗' });
  const members = [
    makeMember({ userId: me.id }),
    stranger,
    nicknamed,
    makeMember({ userId: friend.user.id }),
  ];
  const group = makeConversation({ kind: 'group', name: null, memberCount: 4 });
  const said = (senderId: string, text = '今晚吃什么？') =>
    makeTextMessage({ conversationId: group.id, senderId, content: { kind: 'text', text } });

  it('in a group: the group’s title over "Sender: text", a stranger named as the chat names them', () => {
    const names = { me, friends: [friend], people: { members } };
    expect(notificationText(group, said(stranger.userId), names, true, zh())).toEqual({
      title: 'Alice、老鲍、卡罗',
      body: 'Alice: 今晚吃什么？',
    });
    expect(notificationText(group, said(nicknamed.userId), names, true, en()).body).toBe(
      '老鲍: 今晚吃什么？',
    );
    const named = { ...group, name: '周末爬山' };
    expect(notificationText(named, said(friend.user.id), names, true, zh())).toEqual({
      title: '周末爬山',
      body: '卡罗: 今晚吃什么？',
    });
  });

  it('before the members are known: 群聊 and "someone" for a stranger, a friend by my remark', () => {
    const names = { me, friends: [friend] };
    expect(notificationText(group, said(stranger.userId), names, true, zh())).toEqual({
      title: '群聊',
      body: '有人: 今晚吃什么？',
    });
    expect(notificationText(group, said(friend.user.id), names, true, en()).body).toBe('卡罗: 今晚吃什么？');
  });

  it('one to one: the friend’s name over the bare text; previews off: neither who nor what', () => {
    const direct = makeConversation({ kind: 'direct', peerId: friend.user.id });
    const message = makeTextMessage({ conversationId: direct.id, senderId: friend.user.id });
    const names = { me, friends: [friend] };
    expect(notificationText(direct, message, names, true, zh())).toEqual({ title: '卡罗', body: 'hi' });
    expect(
      notificationText(group, said(stranger.userId), { ...names, people: { members } }, false, zh()),
    ).toEqual({
      title: '聊',
      body: '你收到了一条新消息',
    });
  });
});
