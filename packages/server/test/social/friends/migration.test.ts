import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMigrator, type Store } from '../../../src/platform/db/database';
import { isUniqueViolation } from '../../../src/platform/db/dialect';
import { newId } from '../../../src/platform/ids';
import { describeEachStore, openTestStore } from '../../support/harness';
import { insertUserRow } from '../../support/rows';

const NOW = 1_790_000_000_000;

describeEachStore('[0050] hide blocked friend requests', (kind) => {
  let store: Store;
  let schema: string | undefined;
  let destroy: () => Promise<void>;
  beforeAll(async () => {
    ({ store, schema, destroy } = await openTestStore(kind));
  });
  afterAll(() => destroy());

  function insertUser(username: string): Promise<string> {
    return insertUserRow(store.db, username, NOW);
  }

  function request(from: string, to: string, status: string) {
    return {
      id: newId(),
      from_user_id: from,
      to_user_id: to,
      greeting: '',
      status,
      created_at: NOW,
      updated_at: NOW,
      expires_at: NOW + 1,
    };
  }

  it('requests stored before it are shown to their recipients (flag 0), and the migration undoes cleanly', async () => {
    const migrator = createMigrator(store.db, schema);
    const down = await migrator.migrateTo('0040-create-media');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('0050-hide-blocked-friend-requests');

    const a = await insertUser('m0050a');
    const b = await insertUser('m0050b');
    const before = request(a, b, 'pending');
    await store.db.insertInto('friend_requests').values(before).execute();

    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    const row = await store.db
      .selectFrom('friend_requests')
      .select('hidden_from_recipient')
      .where('id', '=', before.id)
      .executeTakeFirstOrThrow();
    expect(row.hidden_from_recipient).toBe(0);
  });

  it('a hidden request is still the one pending request of its direction', async () => {
    const a = await insertUser('m0050c');
    const b = await insertUser('m0050d');
    await store.db
      .insertInto('friend_requests')
      .values({ ...request(a, b, 'pending'), hidden_from_recipient: 1 })
      .execute();
    const second = await store.db
      .insertInto('friend_requests')
      .values(request(a, b, 'pending'))
      .execute()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isUniqueViolation(second)).toBe(true);
  });
});
