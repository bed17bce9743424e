import { MAX_GROUP_MEMBERS } from '@liao/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../../src/platform/ids';
import { codeOf, makePeople, syncAll } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer, uniqueUsername } from '../../support/harness';

describeEachStore('groups: the member limit', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  /** `n` friends of `ownerId`, written straight into the store in a few statements. */
  async function friendsOf(ownerId: string, n: number): Promise<string[]> {
    const db = t.server.ctx.db;
    const at = t.clock.now();
    const users = Array.from({ length: n }, (_, i) => {
      const username = uniqueUsername('lim').slice(0, 26) + String(i).padStart(3, '0');
      return {
        id: newId(),
        username,
        username_key: username.toLowerCase(),
        display_name: username,
        signature: '',
        password_hash: 'x',
        avatar_id: null,
        discoverable: 1,
        created_at: at,
        updated_at: at,
        disabled_at: null,
      };
    });
    for (let i = 0; i < users.length; i += 200)
      await db
        .insertInto('users')
        .values(users.slice(i, i + 200))
        .execute();
    const pairs = users.flatMap((u) => [
      { user_id: ownerId, friend_id: u.id, remark: '', created_at: at },
      { user_id: u.id, friend_id: ownerId, remark: '', created_at: at },
    ]);
    for (let i = 0; i < pairs.length; i += 400) {
      await db
        .insertInto('friendships')
        .values(pairs.slice(i, i + 400))
        .execute();
    }
    return users.map((u) => u.id);
  }

  it(`[GROUP_FULL] a group holds ${MAX_GROUP_MEMBERS}: the 501st is refused, and a place freed is a place to fill`, async () => {
    const owner = await people.online();
    const [first, ...rest] = await friendsOf(owner.id, MAX_GROUP_MEMBERS + 1);
    const initial = rest.slice(0, MAX_GROUP_MEMBERS - 1);
    const extra = rest.slice(MAX_GROUP_MEMBERS - 1);
    expect(initial).toHaveLength(499);
    expect(extra).toHaveLength(1);

    const group = await owner.client.api.createGroup({ memberIds: initial });
    expect(group.memberCount).toBe(MAX_GROUP_MEMBERS);
    expect((await owner.client.api.listMembers(group.id)).members).toHaveLength(MAX_GROUP_MEMBERS);

    expect(await codeOf(owner.client.api.inviteMembers(group.id, [first!]))).toBe('GROUP_FULL');
    expect(await codeOf(owner.client.api.inviteMembers(group.id, [first!, extra[0]!]))).toBe('GROUP_FULL');
    const after = await owner.client.api.listMembers(group.id);
    expect(after.members).toHaveLength(MAX_GROUP_MEMBERS);
    expect(after.membersVersion).toBe(group.membersVersion);

    await owner.client.api.removeMember(group.id, initial[0]!);
    const full = await owner.client.api.inviteMembers(group.id, [first!]);
    expect(full).toMatchObject({ memberCount: MAX_GROUP_MEMBERS, lastSeq: 3 });
    expect(await codeOf(owner.client.api.inviteMembers(group.id, [extra[0]!]))).toBe('GROUP_FULL');
    const view = (await syncAll(owner.client, null)).conversations.find(
      (c) => c.conversation.id === group.id,
    );
    expect(view?.conversation.memberCount).toBe(MAX_GROUP_MEMBERS);
  });

  it('a group cannot be made with more than 499 others (the schema refuses it)', async () => {
    const owner = await people.person();
    const ids = await friendsOf(owner.id, MAX_GROUP_MEMBERS);
    expect(await codeOf(owner.client.api.createGroup({ memberIds: ids }))).toBe('VALIDATION_FAILED');
  });
});
