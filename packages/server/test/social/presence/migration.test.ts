import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMigrator, type Store } from '../../../src/platform/db/database';
import { describeEachStore, openTestStore } from '../../support/harness';
import { insertUserRow } from '../../support/rows';

const NOW = 1_790_000_000_000;

describeEachStore('[0070] user presence', (kind) => {
  let store: Store;
  let schema: string | undefined;
  let destroy: () => Promise<void>;
  beforeAll(async () => {
    ({ store, schema, destroy } = await openTestStore(kind));
  });
  afterAll(() => destroy());

  const presenceOf = (id: string) =>
    store.db
      .selectFrom('users')
      .select(['show_presence', 'last_seen_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('users stored before it show their presence and were never seen; it undoes and applies again', async () => {
    const migrator = createMigrator(store.db, schema);
    const down = await migrator.migrateTo('0060-create-conversations');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('0070-add-user-presence');
    const before = await insertUserRow(store.db, 'm0070a', NOW);

    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(await presenceOf(before)).toEqual({ show_presence: 1, last_seen_at: null });
  });

  it('new rows default to shown; last seen keeps full millisecond precision', async () => {
    const id = await insertUserRow(store.db, 'm0070b', NOW);
    expect(await presenceOf(id)).toEqual({ show_presence: 1, last_seen_at: null });
    await store.db
      .updateTable('users')
      .set({ last_seen_at: NOW + 123, show_presence: 0 })
      .where('id', '=', id)
      .execute();
    expect(await presenceOf(id)).toEqual({ show_presence: 0, last_seen_at: NOW + 123 });
  });
});
