import { describe, expect, it } from 'vitest';
import { makeFriend, makeMe, makeMember, makeUser } from '../app/state/testBuilders';
import { memberFace, personFace } from './people';

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
