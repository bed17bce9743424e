import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMigrator, type Db, type Store } from '../../../src/platform/db/database';
import { newId } from '../../../src/platform/ids';
import { describeEachStore, openTestStore } from '../../support/harness';
import { insertUserRow } from '../../support/rows';

const NOW = 1_790_000_000_000;

/** A group of one, with its member row holding a draft, written straight into the store. */
async function insertMemberWithDraft(
  db: Db,
  username: string,
): Promise<{ conversationId: string; userId: string }> {
  const userId = await insertUserRow(db, username, NOW);
  const conversationId = newId();
  await db
    .insertInto('conversations')
    .values({
      id: conversationId,
      kind: 'group',
      direct_key: null,
      name: null,
      owner_id: userId,
      member_count: 1,
      last_seq: 0,
      last_pos: 0,
      last_message_at: null,
      members_version: 1,
      dissolved_at: null,
      created_at: NOW,
    })
    .execute();
  await db
    .insertInto('conversation_members')
    .values({
      conversation_id: conversationId,
      user_id: userId,
      role: 'owner',
      nickname: '',
      status: 'active',
      joined_at: NOW,
      first_seq: 1,
      left_seq: null,
      read_seq: 0,
      marked_unread: 0,
      pinned: 0,
      muted: 0,
      hidden_seq: null,
      draft: '写了一半',
      pos: 0,
    })
    .execute();
  return { conversationId, userId };
}

describeEachStore('[0140] draft save time', (kind) => {
  let store: Store;
  let schema: string | undefined;
  let destroy: () => Promise<void>;
  beforeAll(async () => {
    ({ store, schema, destroy } = await openTestStore(kind));
  });
  afterAll(() => destroy());

  it('drafts stored before it have no save time; it undoes and applies again; times keep full precision', async () => {
    const migrator = createMigrator(store.db, schema);
    const down = await migrator.migrateTo('0130-index-media-messages');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('0140-add-draft-updated-at');
    const { conversationId, userId } = await insertMemberWithDraft(store.db, 'm0140');

    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    const row = () =>
      store.db
        .selectFrom('conversation_members')
        .select(['draft', 'draft_updated_at'])
        .where('conversation_id', '=', conversationId)
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
    expect(await row()).toEqual({ draft: '写了一半', draft_updated_at: null });
    await store.db
      .updateTable('conversation_members')
      .set({ draft_updated_at: NOW + 123 })
      .where('conversation_id', '=', conversationId)
      .execute();
    expect(await row()).toEqual({ draft: '写了一半', draft_updated_at: NOW + 123 });
  });
});
