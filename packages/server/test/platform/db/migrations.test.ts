import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db, Store } from '../../../src/platform/db/database';
import { createMigrator, migrateToLatest } from '../../../src/platform/db/database';
import { contentField, dialectOf, isUniqueViolation } from '../../../src/platform/db/dialect';
import { migrations } from '../../../src/platform/db/migrations';
import { newId } from '../../../src/platform/ids';
import { describeEachStore, openTestStore } from '../../support/harness';
import { insertUserRow } from '../../support/rows';

const NOW = 1_790_000_000_000;

function insertUser(db: Db, username: string): Promise<string> {
  return insertUserRow(db, username, NOW);
}

async function expectUniqueViolation(write: Promise<unknown>): Promise<void> {
  const error = await write.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isUniqueViolation(error)).toBe(true);
}

describeEachStore('migrations', (kind) => {
  let store: Store;
  let schema: string | undefined;
  let destroy: () => Promise<void>;
  beforeAll(async () => {
    ({ store, schema, destroy } = await openTestStore(kind));
  });
  afterAll(() => destroy());

  it('applies every migration once, in order, and a second run changes nothing', async () => {
    await migrateToLatest(store.db, schema);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      store.db,
    );
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
  });

  it('[0010] usernames are unique without regard to case', async () => {
    await insertUser(store.db, 'CaseTest');
    await expectUniqueViolation(insertUser(store.db, 'casetest'));
  });

  it('[0010] timestamps keep full millisecond precision as numbers', async () => {
    const id = await insertUser(store.db, 'precision');
    const row = await store.db
      .selectFrom('users')
      .select('created_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.created_at).toBe(NOW);
    expect(typeof row.created_at).toBe('number');
  });

  it('[0020] token hashes are unique and sessions go with their user', async () => {
    const userId = await insertUser(store.db, 'sessions0020');
    const session = {
      user_id: userId,
      token_hash: 'hash-0020',
      device_name: 'd',
      platform: 'web',
      user_agent: '',
      created_at: NOW,
      last_active_at: NOW,
    };
    await store.db
      .insertInto('sessions')
      .values({ id: newId(), ...session })
      .execute();
    await expectUniqueViolation(
      store.db
        .insertInto('sessions')
        .values({ id: newId(), ...session })
        .execute(),
    );
    await store.db.deleteFrom('users').where('id', '=', userId).execute();
    const left = await store.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
    expect(left).toEqual([]);
  });

  it('[0030] at most one pending friend request per direction, any number of finished ones', async () => {
    const a = await insertUser(store.db, 'fr0030a');
    const b = await insertUser(store.db, 'fr0030b');
    const request = (status: string) => ({
      id: newId(),
      from_user_id: a,
      to_user_id: b,
      greeting: '',
      status,
      created_at: NOW,
      updated_at: NOW,
      expires_at: NOW + 1,
    });
    await store.db.insertInto('friend_requests').values(request('declined')).execute();
    await store.db.insertInto('friend_requests').values(request('declined')).execute();
    await store.db.insertInto('friend_requests').values(request('pending')).execute();
    await expectUniqueViolation(store.db.insertInto('friend_requests').values(request('pending')).execute());
    // The other direction is its own request.
    await store.db
      .insertInto('friend_requests')
      .values({ ...request('pending'), from_user_id: b, to_user_id: a })
      .execute();
  });

  it('[0030] a friendship row per direction, each once', async () => {
    const a = await insertUser(store.db, 'fs0030a');
    const b = await insertUser(store.db, 'fs0030b');
    await store.db
      .insertInto('friendships')
      .values({ user_id: a, friend_id: b, remark: '', created_at: NOW })
      .execute();
    await store.db
      .insertInto('friendships')
      .values({ user_id: b, friend_id: a, remark: '', created_at: NOW })
      .execute();
    await expectUniqueViolation(
      store.db
        .insertInto('friendships')
        .values({ user_id: a, friend_id: b, remark: 'x', created_at: NOW })
        .execute(),
    );
  });

  it('[0040] media rows belong to a user and go with them', async () => {
    const owner = await insertUser(store.db, 'media0040');
    const id = newId();
    await store.db
      .insertInto('media')
      .values({
        id,
        owner_id: owner,
        kind: 'avatar',
        mime: 'image/webp',
        width: 1,
        height: 1,
        bytes: 1,
        created_at: NOW,
      })
      .execute();
    await store.db.deleteFrom('users').where('id', '=', owner).execute();
    expect(await store.db.selectFrom('media').select('id').where('id', '=', id).execute()).toEqual([]);
  });

  it('[0060] the position counter starts at 0; one chat per pair; seq and client id are unique where they must be', async () => {
    const counter = await store.db
      .selectFrom('counters')
      .selectAll()
      .where('name', '=', 'pos')
      .executeTakeFirstOrThrow();
    expect(counter.value).toBe(0);
    const a = await insertUser(store.db, 'conv0060a');
    const b = await insertUser(store.db, 'conv0060b');
    const conversation = (id: string) => ({
      id,
      kind: 'direct',
      direct_key: `${a}:${b}`,
      name: null,
      owner_id: null,
      member_count: 2,
      last_seq: 0,
      last_pos: 0,
      last_message_at: null,
      members_version: 0,
      dissolved_at: null,
      created_at: NOW,
    });
    const conversationId = newId();
    await store.db.insertInto('conversations').values(conversation(conversationId)).execute();
    await expectUniqueViolation(store.db.insertInto('conversations').values(conversation(newId())).execute());
    const message = (seq: number, sender: string, clientId: string | null) => ({
      conversation_id: conversationId,
      seq,
      id: newId(),
      sender_id: sender,
      client_id: clientId,
      kind: 'text',
      content: '{"kind":"text","text":"x"}',
      created_at: NOW,
      pos: seq,
    });
    await store.db
      .insertInto('messages')
      .values(message(1, a, 'client-0001'))
      .execute();
    await expectUniqueViolation(
      store.db
        .insertInto('messages')
        .values(message(1, b, 'client-0002'))
        .execute(),
    );
    await expectUniqueViolation(
      store.db
        .insertInto('messages')
        .values(message(2, a, 'client-0001'))
        .execute(),
    );
    // Another sender may use the same client id; system lines have none.
    await store.db
      .insertInto('messages')
      .values(message(2, b, 'client-0001'))
      .execute();
    await store.db
      .insertInto('messages')
      .values(message(3, a, null))
      .execute();
    await store.db
      .insertInto('messages')
      .values(message(4, a, null))
      .execute();
  });

  it('[0130] a chat’s image and video messages are found by the media they carry through their own index', async () => {
    const dialect = dialectOf(store.db);
    const planOf = (query: { compile(): CompiledQuery }) =>
      // One connection: the setting must hold for the explain that follows it.
      store.db.connection().execute(async (db) => {
        const { sql: text, parameters } = query.compile();
        // Else PostgreSQL may scan a table this small; the question is whether it can use the index.
        if (dialect === 'postgres') await sql`set enable_seqscan = off`.execute(db);
        const explain = dialect === 'postgres' ? 'explain' : 'explain query plan';
        const { rows } = await db.executeQuery(CompiledQuery.raw(`${explain} ${text}`, [...parameters]));
        if (dialect === 'postgres') await sql`reset enable_seqscan`.execute(db);
        return JSON.stringify(rows);
      });
    const conversationId = newId();
    for (const field of ['imageId', 'videoId'] as const) {
      const kind = field === 'imageId' ? 'image' : 'video';
      const query = store.db
        .selectFrom('messages')
        .select('seq')
        .where('conversation_id', '=', conversationId)
        .where('kind', '=', sql.lit(kind))
        .where(contentField(dialect, field), '=', newId());
      expect(await planOf(query)).toContain(`messages_${kind}`);
    }
  });

  it('every migration can be undone and applied again', async () => {
    const { store: fresh, schema: freshSchema, destroy: destroyFresh } = await openTestStore(kind);
    try {
      const migrator = createMigrator(fresh.db, freshSchema);
      for (let i = 0; i < Object.keys(migrations).length; i++) {
        const { error } = await migrator.migrateDown();
        expect(error).toBeUndefined();
      }
      const { error } = await migrator.migrateToLatest();
      expect(error).toBeUndefined();
      await insertUser(fresh.db, 'again');
    } finally {
      await destroyFresh();
    }
  });
});
