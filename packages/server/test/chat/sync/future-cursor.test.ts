import type { Message } from '@liao/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readPosition } from '../../../src/platform/db/positions';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import {
  makeSyncFixtures,
  nextSynced,
  serverHistory,
  storedMessages,
  until,
} from '../../support/sync-fixtures';

/** A conversation no server has: one the device remembers from before the restore. */
const GHOST = '01890000-0000-7000-8000-00000000a5a5';

/*
 * A device whose cursor is ahead of the store: the server was restored from a backup taken
 * before the device's last sync (or the cursor was forged). The server must say it does not
 * know the cursor, and the SDK must start again from nothing without losing what it has not
 * sent yet.
 */
describeEachStore('sync: a cursor from the future', (storeKind) => {
  let t: TestServer;
  const f = makeSyncFixtures(() => t.url);
  beforeAll(async () => {
    t = await startTestServer(storeKind);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  const head = () => readPosition(t.server.ctx.db);

  it('[issue 14.7] a cursor or a resume point past every position the store has taken is SYNC_CURSOR_UNKNOWN; the head is not', async () => {
    const { client } = await f.syncedPair();
    const ahead = (await head()) + 1;
    await expect(client.request('sync', { cursor: ahead })).rejects.toMatchObject({
      code: 'SYNC_CURSOR_UNKNOWN',
    });
    await expect(client.request('sync', { cursor: 2 ** 40 })).rejects.toMatchObject({
      code: 'SYNC_CURSOR_UNKNOWN',
    });
    await expect(
      client.request('sync', { cursor: 1, resume: { pos: ahead + 50, conversationId: GHOST } }),
    ).rejects.toMatchObject({ code: 'SYNC_CURSOR_UNKNOWN' });
    const now = await head();
    expect(await client.request('sync', { cursor: now })).toEqual({
      cursor: now,
      resume: null,
      conversations: [],
      more: false,
    });
  });

  it('[issue 14.7] the SDK drops its cursor and what it held, syncs from nothing, and still sends its outbox', async () => {
    const { a, conversationId, peer, client, store } = await f.syncedPair();
    const held = client.getConversation(conversationId);
    if (!held) throw new Error('the pair’s chat is not synced');
    // Offline, the user writes a message; it waits in the outbox.
    client.disconnect();
    await client.sendText(conversationId, 'written while away');
    await client.shutdown();
    // What the device remembers of a future the restored server never saw: a later cursor, a
    // message at seq 99, and a chat that does not exist.
    const future: Message = {
      ...(held.lastMessage as Message),
      id: '01890000-0000-7000-8000-00000000f099',
      seq: 99,
      pos: (await head()) + 999,
      content: { kind: 'text', text: 'from a future that did not happen' },
    };
    await store.setSyncCursor((await head()) + 1000);
    await store.putMessages([future]);
    await store.putConversations([
      { conversation: { ...held, lastSeq: 99, lastMessage: future }, known: [[0, 99]] },
      { conversation: { ...held, id: GHOST, lastSeq: 3, pos: future.pos }, known: [[0, 3]] },
    ]);

    // The app starts again on that store.
    const { client: device } = f.device(a.token, { store });
    const heard = peer.waitForEvent(
      'message.new',
      (e) => e.message.content.kind === 'text' && e.message.content.text === 'written while away',
      20_000,
    );
    const synced = nextSynced(device);
    await device.connect();
    expect(await synced).toBeLessThanOrEqual(await head());
    await heard;
    await device.whenSent();
    const truth = await serverHistory(device, conversationId);
    await until(
      device,
      async () => JSON.stringify(await storedMessages(device, conversationId)) === JSON.stringify(truth),
      'the stored history to be the server’s',
    );
    expect(truth.map((m) => m.seq)).not.toContain(99);
    expect(truth.at(-1)?.content).toEqual({ kind: 'text', text: 'written while away' });
    expect(device.getConversation(GHOST)).toBeUndefined();
    expect(device.getConversation(conversationId)).toMatchObject({
      lastSeq: truth.at(-1)?.seq,
      lastMessage: truth.at(-1),
    });
    expect(device.getOutbox()).toEqual([]);
    expect(await store.getSyncCursor()).toBeLessThanOrEqual(await head());
  });
});
