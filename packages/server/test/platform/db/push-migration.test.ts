import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMigrator, type Store } from '../../../src/platform/db/database';
import { newId } from '../../../src/platform/ids';
import { describeEachStore, openTestStore } from '../../support/harness';
import { insertUserRow } from '../../support/rows';

const NOW = 1_790_000_000_000;

describeEachStore('[0150] push subscriptions', (kind) => {
  let store: Store;
  let schema: string | undefined;
  let destroy: () => Promise<void>;
  beforeAll(async () => {
    ({ store, schema, destroy } = await openTestStore(kind));
  });
  afterAll(() => destroy());

  it('applies over sessions stored before it; a subscription and its counts go with their session', async () => {
    const migrator = createMigrator(store.db, schema);
    const down = await migrator.migrateTo('0140-add-draft-updated-at');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('0150-create-push');
    const userId = await insertUserRow(store.db, 'm0150', NOW);
    const sessionId = newId();
    await store.db
      .insertInto('sessions')
      .values({
        id: sessionId,
        user_id: userId,
        token_hash: `h${sessionId}`,
        device_name: 'phone',
        platform: 'phone',
        user_agent: '',
        created_at: NOW,
        last_active_at: NOW,
      })
      .execute();

    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    const subscriptionId = newId();
    await store.db
      .insertInto('push_subscriptions')
      .values({
        id: subscriptionId,
        session_id: sessionId,
        user_id: userId,
        endpoint: 'https://push.example.com/1',
        p256dh: 'B',
        auth: 'a',
        hide_preview: 1,
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
    await store.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    expect(await store.db.selectFrom('push_subscriptions').selectAll().execute()).toEqual([]);
  });
});
