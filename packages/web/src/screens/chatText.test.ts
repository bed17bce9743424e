import type { SystemEvent } from '@liao/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../i18n';
import {
  makeConversation,
  makeFriend,
  makeMe,
  makeMember,
  makeTextMessage,
  makeUser,
} from '../state/testBuilders';
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
  quoteText,
} from './chatText';

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

describe('quoteText: a reply quote on one line', () => {
  let i18n: ReturnType<typeof initI18n>;
  beforeAll(() => {
    i18n = initI18n('zh-CN');
  });
  const base = { seq: 1, senderId: null, excerpt: '', caption: null, available: true };

  it('says the text, [图片], [视频] with the caption (else the comment), or that the video is gone', () => {
    const zh = i18n.getFixedT('zh-CN');
    expect(quoteText({ ...base, kind: 'text', excerpt: '明天\n  去爬山吗' }, zh)).toBe('明天 去爬山吗');
    expect(quoteText({ ...base, kind: 'image' }, zh)).toBe('[图片]');
    expect(quoteText({ ...base, kind: 'video', caption: '海边日落', excerpt: '看这个' }, zh)).toBe(
      '[视频] 海边日落',
    );
    expect(quoteText({ ...base, kind: 'video', excerpt: '看这个' }, zh)).toBe('[视频] 看这个');
    expect(quoteText({ ...base, kind: 'video' }, zh)).toBe('[视频]');
    expect(quoteText({ ...base, kind: 'video', available: false }, zh)).toBe('[视频] 该视频已不可用');
    expect(quoteText({ ...base, kind: 'unknown' }, zh)).toBe('[消息]');
  });

  it('in English', () => {
    const en = i18n.getFixedT('en');
    expect(quoteText({ ...base, kind: 'image' }, en)).toBe('[Photo]');
    expect(quoteText({ ...base, kind: 'video', caption: 'Sunset' }, en)).toBe('[Video] Sunset');
    expect(quoteText({ ...base, kind: 'video', available: false }, en)).toBe(
      '[Video] This video is no longer available',
    );
  });
});
