import { afterAll, beforeAll, expect, it } from 'vitest';
import { codeOf, makePeople, type Person } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import { makeImage } from '../../support/images';

describeEachStore('groups: members see one another’s names', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  const tokenOf = (p: Person) => p.client.api.http.token ?? '';

  /** An owner and two of their friends, a and b, who are not friends of each other. */
  async function makeGroup() {
    const [owner, a, b] = [await people.person(), await people.person(), await people.person()];
    await people.befriend(owner, a, b);
    const group = await owner.client.api.createGroup({ memberIds: [a.id, b.id] });
    return { owner, a, b, conversationId: group.id };
  }

  it('a member sees every co-member’s name, username and picture, friend or not, as they are now', async () => {
    const { owner, a, b, conversationId } = await makeGroup();
    // Not friends: the profile card stays closed to a, the group's list does not.
    expect(await codeOf(a.client.api.getUser(b.id))).toBe('USER_NOT_FOUND');
    await b.client.api.updateProfile({ displayName: '陈静', signature: '只给朋友看' });
    const withAvatar = await b.client.api.setAvatar(await makeImage('png', 64, 64), 'image/png');
    await b.client.api.setNickname(conversationId, '小陈');

    const list = await a.client.api.listMembers(conversationId);
    expect(list.members.map((m) => m.userId)).toEqual([owner.id, a.id, b.id]);
    const seenB = list.members.find((m) => m.userId === b.id);
    expect(seenB).toMatchObject({
      role: 'member',
      nickname: '小陈',
      user: { id: b.id, username: b.username, displayName: '陈静', avatarUrl: withAvatar.avatarUrl },
    });
    expect(withAvatar.avatarUrl).toMatch(/^\/api\/media\/avatars\//);
    expect(list.members.find((m) => m.userId === owner.id)?.user).toEqual({
      id: owner.id,
      username: owner.username,
      displayName: owner.username,
      avatarUrl: null,
    });
    // And the picture itself loads for a.
    const picture = await fetch(t.url + (withAvatar.avatarUrl ?? ''), {
      headers: { authorization: `Bearer ${tokenOf(a)}` },
    });
    expect(picture.status).toBe(200);
  });

  it('the list carries nothing beyond the public card: no signature, no settings', async () => {
    const { a, b, conversationId } = await makeGroup();
    await b.client.api.updateProfile({ signature: '只给朋友看' });
    const res = await http(t.url, 'GET', `/api/conversations/${conversationId}/members`, {
      token: tokenOf(a),
    });
    expect(res.status).toBe(200);
    for (const member of res.body.members) {
      expect(Object.keys(member).sort()).toEqual(['joinedAt', 'nickname', 'role', 'user', 'userId']);
      expect(Object.keys(member.user).sort()).toEqual(['avatarUrl', 'displayName', 'id', 'username']);
    }
    expect(JSON.stringify(res.body)).not.toContain('只给朋友看');
  });

  it('someone never in the group, and someone removed from it, are refused the list', async () => {
    const { owner, a, b, conversationId } = await makeGroup();
    const outsider = await people.person();
    await people.befriend(outsider, owner);
    expect(await codeOf(outsider.client.api.listMembers(conversationId))).toBe('CONVERSATION_NOT_FOUND');
    await owner.client.api.removeMember(conversationId, b.id);
    expect(await codeOf(b.client.api.listMembers(conversationId))).toBe('CONVERSATION_NOT_FOUND');
    // The list a still sees no longer names b.
    const list = await a.client.api.listMembers(conversationId);
    expect(list.members.map((m) => m.user.id)).toEqual([owner.id, a.id]);
  });

  it('an anonymous caller is UNAUTHENTICATED', async () => {
    const { conversationId } = await makeGroup();
    const res = await http(t.url, 'GET', `/api/conversations/${conversationId}/members`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });
});
