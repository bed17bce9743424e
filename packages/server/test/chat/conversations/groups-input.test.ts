import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullHistory } from '../../support/chat-fixtures';
import { makePeople, type Person, viewOf } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';

const UNKNOWN_ID = '01964f5e-8b1c-7a2b-9c3d-0000000000aa';
const BAD_IDS = [
  'not-an-id',
  '01964f5e-8b1c-4a2b-9c3d-0000000000aa',
  '01964F5E-8B1C-7A2B-9C3D-0000000000AA',
  '1',
];

describeEachStore('groups: bad input', (store) => {
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

  /** An owner and two friends in a new group (not connected: these tests speak raw HTTP). */
  async function makeGroup() {
    const [owner, a, b] = [await people.person(), await people.person(), await people.person()];
    await people.befriend(owner, a, b);
    const group = await owner.client.api.createGroup({ memberIds: [a.id, b.id] });
    return { owner, a, b, conversationId: group.id };
  }

  async function expectRefused(
    p: Person,
    method: string,
    path: string,
    body: unknown,
    status: number,
    code: string,
  ): Promise<void> {
    const res = await http(t.url, method, `/api${path}`, { token: tokenOf(p), body });
    expect(res.status, `${method} ${path} ${JSON.stringify(body)?.slice(0, 120)}`).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message.length).toBeGreaterThan(0);
  }

  describe('creating', () => {
    it.each([
      ['no member list', {}],
      ['an empty member list', { memberIds: [] }],
      ['a single member', { memberIds: ['$A'] }],
      ['a list that is not a list', { memberIds: '$A,$B' }],
      ['ill-formed ids', { memberIds: ['$A', 'not-an-id'] }],
      ['the same friend twice', { memberIds: ['$A', '$A'] }],
      ['the same friend twice among others', { memberIds: ['$A', '$B', '$A'] }],
      ['the caller among the members', { memberIds: ['$A', '$ME'] }],
      ['an extra field', { memberIds: ['$A', '$B'], ownerId: '$A' }],
      ['a name of 41 characters', { memberIds: ['$A', '$B'], name: 'x'.repeat(41) }],
      ['an empty name', { memberIds: ['$A', '$B'], name: '' }],
      ['a name of spaces only', { memberIds: ['$A', '$B'], name: '   ' }],
      ['a name with NUL', { memberIds: ['$A', '$B'], name: 'a\u0000b' }],
      ['a name with a right-to-left override', { memberIds: ['$A', '$B'], name: 'abc\u202Etxt.exe' }],
      ['a name with a line break', { memberIds: ['$A', '$B'], name: 'a\nb' }],
      ['a name that is not text', { memberIds: ['$A', '$B'], name: 42 }],
    ])('refuses %s with VALIDATION_FAILED and makes nothing', async (_, template) => {
      const [me, a, b] = [await people.person(), await people.person(), await people.person()];
      await people.befriend(me, a, b);
      const body = JSON.parse(
        JSON.stringify(template).replaceAll('$A', a.id).replaceAll('$B', b.id).replaceAll('$ME', me.id),
      );
      await expectRefused(me, 'POST', '/conversations', body, 400, 'VALIDATION_FAILED');
      expect(await listed(me)).toEqual([]);
    });

    it('refuses a body that is not JSON with MALFORMED_JSON', async () => {
      const me = await people.person();
      const res = await http(t.url, 'POST', '/api/conversations', {
        token: tokenOf(me),
        rawBody: '{"memberIds":',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('MALFORMED_JSON');
    });

    it('a name of exactly 40 characters (emoji counted once) is accepted', async () => {
      const [me, a, b] = [await people.person(), await people.person(), await people.person()];
      await people.befriend(me, a, b);
      const name = `${'群'.repeat(38)}🎉🎉`;
      const group = await me.client.api.createGroup({ memberIds: [a.id, b.id], name });
      expect(group.name).toBe(name);
    });

    it('an anonymous caller is UNAUTHENTICATED', async () => {
      const res = await http(t.url, 'POST', '/api/conversations', {
        body: { memberIds: [UNKNOWN_ID, UNKNOWN_ID] },
      });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });
  });

  /** The conversations the person's first sync lists. */
  async function listed(p: Person) {
    await p.client.connect();
    return (await p.client.request('sync', { cursor: null })).conversations;
  }

  describe('changing a group', () => {
    it('ill-formed conversation and user ids in paths are VALIDATION_FAILED; unknown ones are not found', async () => {
      const { owner, a, conversationId } = await makeGroup();
      for (const bad of BAD_IDS) {
        const id = encodeURIComponent(bad);
        await expectRefused(
          owner,
          'PATCH',
          `/conversations/${id}`,
          { pinned: true },
          400,
          'VALIDATION_FAILED',
        );
        await expectRefused(
          owner,
          'GET',
          `/conversations/${id}/members`,
          undefined,
          400,
          'VALIDATION_FAILED',
        );
        await expectRefused(owner, 'POST', `/conversations/${id}/leave`, undefined, 400, 'VALIDATION_FAILED');
        await expectRefused(
          owner,
          'DELETE',
          `/conversations/${conversationId}/members/${id}`,
          undefined,
          400,
          'VALIDATION_FAILED',
        );
        await expectRefused(
          owner,
          'PUT',
          `/conversations/${conversationId}/admins/${id}`,
          undefined,
          400,
          'VALIDATION_FAILED',
        );
      }
      await expectRefused(
        owner,
        'PATCH',
        `/conversations/${UNKNOWN_ID}`,
        { pinned: true },
        404,
        'CONVERSATION_NOT_FOUND',
      );
      await expectRefused(
        owner,
        'POST',
        `/conversations/${UNKNOWN_ID}/dissolve`,
        undefined,
        404,
        'CONVERSATION_NOT_FOUND',
      );
      await expectRefused(
        owner,
        'DELETE',
        `/conversations/${UNKNOWN_ID}`,
        undefined,
        404,
        'CONVERSATION_NOT_FOUND',
      );
      await expectRefused(
        owner,
        'DELETE',
        `/conversations/${conversationId}/members/${UNKNOWN_ID}`,
        undefined,
        404,
        'USER_NOT_FOUND',
      );
      await expectRefused(
        owner,
        'POST',
        `/conversations/${conversationId}/owner`,
        { userId: UNKNOWN_ID },
        404,
        'USER_NOT_FOUND',
      );
      await expectRefused(
        owner,
        'PUT',
        `/conversations/${conversationId}/admins/${UNKNOWN_ID}`,
        undefined,
        404,
        'USER_NOT_FOUND',
      );
      expect((await owner.client.api.listMembers(conversationId)).members).toHaveLength(3);
      expect((await viewOf(await people.device(a), conversationId)).lastSeq).toBe(1);
    });

    it.each([
      ['an empty body', {}],
      ['an unknown field', { archived: true }],
      ['a name of 41 characters', { name: 'n'.repeat(41) }],
      ['a name with NUL', { name: 'a\u0000' }],
      ['a name with U+202E', { name: '\u202Eabc' }],
      ['a draft over 20,000 characters', { draft: 'd'.repeat(20_001) }],
      ['a draft with NUL', { draft: 'a\u0000b' }],
      ['a draft with a lone surrogate', { draft: 'a\uD800b' }],
      ['pinned that is not a boolean', { pinned: 'yes' }],
      ['muted that is null', { muted: null }],
    ])('PATCH refuses %s with VALIDATION_FAILED and changes nothing', async (_, body) => {
      const { owner, conversationId } = await makeGroup();
      await expectRefused(owner, 'PATCH', `/conversations/${conversationId}`, body, 400, 'VALIDATION_FAILED');
      const view = await viewOf(await people.device(owner), conversationId);
      expect(view).toMatchObject({ name: null, pinned: false, muted: false, draft: '', lastSeq: 1 });
    });

    it.each([
      [
        'POST members',
        'POST',
        '/members',
        [
          {},
          { userIds: [] },
          { userIds: ['x'] },
          { userIds: ['$A', '$A'] },
          { userIds: ['$A'], role: 'admin' },
          { userIds: '$A' },
        ],
      ],
      [
        'POST owner',
        'POST',
        '/owner',
        [{}, { userId: 'x' }, { userId: '$A', keep: true }, { userId: ['$A'] }],
      ],
      [
        'PUT nickname',
        'PUT',
        '/nickname',
        [
          {},
          { nickname: 'n'.repeat(33) },
          { nickname: 'a\u0000' },
          { nickname: '\u202Ex' },
          { nickname: 'a\nb' },
          { nickname: 7 },
          { nickname: 'ok', extra: 1 },
        ],
      ],
    ])(
      '%s refuses ill-formed bodies with VALIDATION_FAILED and changes nothing',
      async (_, method, suffix, bodies) => {
        const { owner, a, conversationId } = await makeGroup();
        for (const template of bodies as unknown[]) {
          const body = JSON.parse(JSON.stringify(template).replaceAll('$A', a.id));
          await expectRefused(
            owner,
            method as string,
            `/conversations/${conversationId}${suffix}`,
            body,
            400,
            'VALIDATION_FAILED',
          );
        }
        const list = await owner.client.api.listMembers(conversationId);
        expect(list.members.map((m) => [m.role, m.nickname]).sort()).toEqual([
          ['member', ''],
          ['member', ''],
          ['owner', ''],
        ]);
        expect((await fullHistory(await people.device(owner), conversationId)).map((m) => m.seq)).toEqual([
          1,
        ]);
      },
    );

    it('a nickname of 32 characters is accepted, and an empty one clears it', async () => {
      const { owner, conversationId } = await makeGroup();
      await owner.client.api.setNickname(conversationId, 'n'.repeat(32));
      expect(
        (await owner.client.api.listMembers(conversationId)).members.find((m) => m.userId === owner.id)
          ?.nickname,
      ).toBe('n'.repeat(32));
      await owner.client.api.setNickname(conversationId, '');
      expect(
        (await owner.client.api.listMembers(conversationId)).members.find((m) => m.userId === owner.id)
          ?.nickname,
      ).toBe('');
    });

    it('every route is UNAUTHENTICATED without a session', async () => {
      const { conversationId, a } = await makeGroup();
      const base = `/api/conversations/${conversationId}`;
      for (const [method, path, body] of [
        ['PATCH', base, { pinned: true }],
        ['DELETE', base, undefined],
        ['GET', `${base}/members`, undefined],
        ['POST', `${base}/members`, { userIds: [a.id] }],
        ['DELETE', `${base}/members/${a.id}`, undefined],
        ['POST', `${base}/leave`, undefined],
        ['POST', `${base}/owner`, { userId: a.id }],
        ['PUT', `${base}/admins/${a.id}`, undefined],
        ['DELETE', `${base}/admins/${a.id}`, undefined],
        ['POST', `${base}/dissolve`, undefined],
        ['PUT', `${base}/nickname`, { nickname: 'x' }],
      ] as const) {
        const res = await http(t.url, method, path, { body });
        expect(res.status, `${method} ${path}`).toBe(401);
      }
    });
  });
});
