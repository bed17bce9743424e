import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMigrator, type Store } from '../../../src/platform/db/database';
import { isUniqueViolation } from '../../../src/platform/db/dialect';
import { newId } from '../../../src/platform/ids';
import { describeEachStore, openTestStore } from '../../support/harness';
import { insertUserRow } from '../../support/rows';

const NOW = 1_790_000_000_000;

describeEachStore('[0160, 0170] calls', (kind) => {
  let store: Store;
  let schema: string | undefined;
  let destroy: () => Promise<void>;
  beforeAll(async () => {
    ({ store, schema, destroy } = await openTestStore(kind));
  });
  afterAll(() => destroy());

  it('applies over a store with chats, holds one running call per chat and one call per person, and undoes', async () => {
    const migrator = createMigrator(store.db, schema);
    const down = await migrator.migrateTo('0150-create-push');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toEqual([
      '0170-add-call-host-node',
      '0160-create-calls',
    ]);
    const [a, b] = [
      await insertUserRow(store.db, 'm0160a', NOW),
      await insertUserRow(store.db, 'm0160b', NOW),
    ];
    const chat = newId();
    await store.db
      .insertInto('conversations')
      .values({
        id: chat,
        kind: 'direct',
        direct_key: `${a}:${b}`,
        name: null,
        owner_id: null,
        member_count: 2,
        last_seq: 0,
        last_pos: 0,
        last_message_at: null,
        members_version: 1,
        dissolved_at: null,
        created_at: NOW,
      })
      .execute();

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const call = (id: string) => ({
      id,
      conversation_id: chat,
      media: 'voice' as const,
      topology: 'p2p' as const,
      started_by: a,
      started_at: NOW,
      answered_at: null,
      ended_at: null,
      end_reason: null,
      host_node: null,
    });
    const first = newId();
    await store.db.insertInto('calls').values(call(first)).execute();
    const second = store.db.insertInto('calls').values(call(newId())).execute();
    await expect(second.catch((e: unknown) => isUniqueViolation(e))).resolves.toBe(true);
    const seat = (userId: string) => ({
      id: newId(),
      call_id: first,
      user_id: userId,
      session_id: newId(),
      joined_at: NOW,
      left_at: null,
      disconnected_at: null,
      audio: 1,
      video: 0,
      screen: 0,
    });
    await store.db.insertInto('call_participants').values(seat(a)).execute();
    const twice = store.db.insertInto('call_participants').values(seat(a)).execute();
    await expect(twice.catch((e: unknown) => isUniqueViolation(e))).resolves.toBe(true);

    expect((await migrator.migrateTo('0150-create-push')).error).toBeUndefined();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await store.db.selectFrom('calls').selectAll().execute()).toEqual([]);
  });
});
