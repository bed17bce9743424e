import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, describe, expect, it } from 'vitest';
import { C1, C2, makeConversation, makeMessage, TEST_USER } from '../testing';
import { FileStore } from './FileStore';
import { IndexedDbStore } from './IndexedDbStore';
import { MemoryStore } from './MemoryStore';
import type { LocalStore, OutboxItem, StoredConversation } from './types';

const USER = TEST_USER;

function outboxItem(clientId: string, order: number, overrides: Partial<OutboxItem> = {}): OutboxItem {
  return {
    clientId,
    conversationId: C1,
    content: { kind: 'text', text: clientId },
    createdAt: order,
    order,
    state: 'sending',
    ...overrides,
  };
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-store-'));
  dirs.push(dir);
  return path.join(dir, 'store.json');
}

let databases = 0;

/** Each implementation, and how to open a second instance on the same data (a reload). */
const implementations: { name: string; make(): { store: LocalStore; reopen(): LocalStore | null } }[] = [
  { name: 'MemoryStore', make: () => ({ store: new MemoryStore(), reopen: () => null }) },
  {
    name: 'FileStore',
    make: () => {
      const file = tempFile();
      return { store: new FileStore(file), reopen: () => new FileStore(file) };
    },
  },
  {
    name: 'IndexedDbStore (fake-indexeddb)',
    make: () => {
      const name = `liao-test-${++databases}`;
      const open = () => new IndexedDbStore({ name, indexedDB, IDBKeyRange });
      return { store: open(), reopen: open };
    },
  },
];

describe.each(implementations)('$name', ({ make }) => {
  async function opened() {
    const made = make();
    await made.store.open();
    return made;
  }

  it('starts empty: no owner, no cursor, no conversations, messages or outbox items', async () => {
    const { store } = await opened();
    expect(await store.getOwner()).toBeNull();
    expect(await store.getSyncCursor()).toBeNull();
    expect(await store.listConversations()).toEqual([]);
    expect(await store.listMessages(C1)).toEqual([]);
    expect(await store.listOutbox()).toEqual([]);
  });

  it('keeps the owner and the cursor', async () => {
    const { store } = await opened();
    await store.setOwner(USER);
    await store.setSyncCursor(42);
    await store.setSyncCursor(57);
    expect(await store.getOwner()).toBe(USER);
    expect(await store.getSyncCursor()).toBe(57);
  });

  it('keeps conversations by id with their known ranges; putting one again replaces it', async () => {
    const { store } = await opened();
    const first: StoredConversation = { conversation: makeConversation(C1), known: [[0, 0]] };
    const second: StoredConversation = { conversation: makeConversation(C2, { pinned: true }), known: [] };
    await store.putConversations([first, second]);
    const changed: StoredConversation = {
      conversation: makeConversation(C1, { lastSeq: 3 }),
      known: [
        [0, 1],
        [3, 3],
      ],
    };
    await store.putConversations([changed]);
    expect(await store.getConversation(C1)).toEqual(changed);
    expect(await store.getConversation('01890000-0000-7000-8000-0000000000ff')).toBeUndefined();
    const all = await store.listConversations();
    expect(all.sort((a, b) => a.conversation.id.localeCompare(b.conversation.id))).toEqual([changed, second]);
  });

  it('keeps messages per conversation in seq order, each seq once, whatever order they came in', async () => {
    const { store } = await opened();
    await store.putMessages([5, 1, 3].map((seq) => makeMessage(C1, seq)));
    await store.putMessages([makeMessage(C2, 1), makeMessage(C1, 2), makeMessage(C1, 4)]);
    await store.putMessages([makeMessage(C1, 3)]);
    expect((await store.listMessages(C1)).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await store.listMessages(C2)).toEqual([makeMessage(C2, 1)]);
  });

  it('reads pages like the history request: newest `limit`, `before` a seq, or `after` one', async () => {
    const { store } = await opened();
    await store.putMessages(Array.from({ length: 20 }, (_, i) => makeMessage(C1, i + 1)));
    await store.putMessages([makeMessage(C2, 1)]);
    const seqs = async (query: Parameters<LocalStore['listMessages']>[1]) =>
      (await store.listMessages(C1, query)).map((m) => m.seq);
    expect(await seqs({ limit: 3 })).toEqual([18, 19, 20]);
    expect(await seqs({ before: 10, limit: 3 })).toEqual([7, 8, 9]);
    expect(await seqs({ before: 3 })).toEqual([1, 2]);
    expect(await seqs({ after: 17 })).toEqual([18, 19, 20]);
    expect(await seqs({ after: 5, limit: 2 })).toEqual([6, 7]);
    expect(await seqs({ after: 20 })).toEqual([]);
    expect(await seqs({ before: 1 })).toEqual([]);
  });

  it('keeps the outbox oldest first by order; saving an item again replaces it; removing is idempotent', async () => {
    const { store } = await opened();
    await store.putOutboxItem(outboxItem('bbbbbbbb', 2));
    await store.putOutboxItem(outboxItem('aaaaaaaa', 3));
    await store.putOutboxItem(outboxItem('cccccccc', 1));
    await store.putOutboxItem(
      outboxItem('aaaaaaaa', 3, { state: 'failed', error: { code: 'NOT_FRIENDS', message: 'no' } }),
    );
    expect((await store.listOutbox()).map((i) => [i.clientId, i.state])).toEqual([
      ['cccccccc', 'sending'],
      ['bbbbbbbb', 'sending'],
      ['aaaaaaaa', 'failed'],
    ]);
    await store.removeOutboxItem('bbbbbbbb');
    await store.removeOutboxItem('bbbbbbbb');
    expect((await store.listOutbox()).map((i) => i.clientId)).toEqual(['cccccccc', 'aaaaaaaa']);
  });

  it('clear() forgets everything', async () => {
    const { store } = await opened();
    await store.setOwner(USER);
    await store.setSyncCursor(9);
    await store.putConversations([{ conversation: makeConversation(C1), known: [] }]);
    await store.putMessages([makeMessage(C1, 1)]);
    await store.putOutboxItem(outboxItem('aaaaaaaa', 1));
    await store.clear();
    expect(await store.getOwner()).toBeNull();
    expect(await store.getSyncCursor()).toBeNull();
    expect(await store.listConversations()).toEqual([]);
    expect(await store.listMessages(C1)).toEqual([]);
    expect(await store.listOutbox()).toEqual([]);
  });

  it('[issue 14.7] clearSyncState() forgets the cursor, conversations and messages, and keeps the owner and the outbox, also across a reload', async () => {
    const { store, reopen } = await opened();
    await store.setOwner(USER);
    await store.setSyncCursor(9);
    await store.putConversations([{ conversation: makeConversation(C1), known: [[0, 1]] }]);
    await store.putMessages([makeMessage(C1, 1), makeMessage(C2, 1)]);
    await store.putOutboxItem(outboxItem('aaaaaaaa', 1));
    await store.clearSyncState();
    const expectSyncStateGone = async (s: LocalStore) => {
      expect(await s.getOwner()).toBe(USER);
      expect(await s.getSyncCursor()).toBeNull();
      expect(await s.listConversations()).toEqual([]);
      expect(await s.listMessages(C1)).toEqual([]);
      expect(await s.listMessages(C2)).toEqual([]);
      expect(await s.listOutbox()).toEqual([outboxItem('aaaaaaaa', 1)]);
    };
    await expectSyncStateGone(store);
    const again = reopen();
    if (!again) return; // MemoryStore keeps nothing across instances, by design
    await store.close();
    await again.open();
    await expectSyncStateGone(again);
    await again.close();
  });

  it('a persistent store gives a second instance (a reload) everything the first wrote', async () => {
    const { store, reopen } = await opened();
    const again = reopen();
    if (!again) return; // MemoryStore keeps nothing across instances, by design
    const conversation: StoredConversation = {
      conversation: makeConversation(C1, { lastSeq: 2 }),
      known: [[0, 2]],
    };
    await store.setOwner(USER);
    await store.setSyncCursor(7);
    await store.putConversations([conversation]);
    await store.putMessages([makeMessage(C1, 1), makeMessage(C1, 2)]);
    await store.putOutboxItem(outboxItem('aaaaaaaa', 1));
    await store.close();
    await again.open();
    expect(await again.getOwner()).toBe(USER);
    expect(await again.getSyncCursor()).toBe(7);
    expect(await again.listConversations()).toEqual([conversation]);
    expect(await again.listMessages(C1)).toEqual([makeMessage(C1, 1), makeMessage(C1, 2)]);
    expect(await again.listOutbox()).toEqual([outboxItem('aaaaaaaa', 1)]);
    await again.close();
  });
});

describe('FileStore', () => {
  it('changes made together share one write, and each resolves once it is on disk', async () => {
    const file = tempFile();
    const store = new FileStore(file);
    await store.open();
    await Promise.all([
      store.putMessages([makeMessage(C1, 1)]),
      store.putOutboxItem(outboxItem('aaaaaaaa', 1)),
      store.setSyncCursor(3),
    ]);
    const onDisk = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(onDisk).toMatchObject({ version: 1, cursor: 3, messages: [makeMessage(C1, 1)] });
    expect(onDisk.outbox).toHaveLength(1);
    expect(fs.existsSync(`${file}.tmp`)).toBe(false);
  });
});
