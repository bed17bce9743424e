import type { LiaoClient } from '@liao/client';
import type { Conversation, Message, SyncResult } from '@liao/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import {
  makeSyncFixtures,
  nextSynced,
  oneTo,
  recordRequests,
  type SyncUser,
  serverHistory,
  storedMessages,
} from '../../support/sync-fixtures';

const FRIENDS = 200;
const MESSAGES = 50;
/** The sync limit the device uses: fewer than were missed, so every conversation comes `limited`. */
const SYNC_LIMIT = 20;
/** Conversations that the user's other device reads while this one is away. */
const READ_ELSEWHERE = 20;

/** Runs `task` for each item with at most `width` running at once; results in item order. */
async function inParallel<T, R>(
  items: readonly T[],
  width: number,
  task: (item: T, i: number) => Promise<R>,
) {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i] as T, i);
      }
    }),
  );
  return results;
}

/** What the server says about every conversation of the user (as a first sync sees them). */
async function serverConversations(client: LiaoClient): Promise<Map<string, Conversation>> {
  const state = new Map<string, Conversation>();
  let resume: SyncResult['resume'] = null;
  for (;;) {
    const reply: SyncResult = await client.request('sync', {
      cursor: null,
      limit: 1,
      ...(resume ? { resume } : {}),
    });
    for (const c of reply.conversations) state.set(c.conversation.id, c.conversation);
    resume = reply.resume;
    if (!reply.more) return state;
  }
}

/**
 * Whole histories as the server pages them, over a few sockets at a pace the gateway's flood
 * limit allows (200 frames a second per connection).
 */
async function serverHistories(
  readers: LiaoClient[],
  ids: readonly string[],
): Promise<Map<string, Message[]>> {
  const histories = new Map<string, Message[]>();
  await Promise.all(
    readers.map(async (reader, r) => {
      for (let i = r; i < ids.length; i += readers.length) {
        const id = ids[i] as string;
        histories.set(id, await serverHistory(reader, id));
        await new Promise((resolve) => setTimeout(resolve, 10)); // pacing, not waiting for a state
      }
    }),
  );
  return histories;
}

describeEachStore('SDK catch-up after time offline', (storeKind) => {
  let t: TestServer;
  const f = makeSyncFixtures(() => t.url);
  beforeAll(async () => {
    t = await startTestServer(storeKind);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  /**
   * A user with a friend (and a one-to-one chat) per count, devices that synced once and went
   * away, then `messages` sent in every chat by the friends over their own sockets.
   */
  async function offlineWhileFriendsWrite(
    messages: number,
    devices: Parameters<typeof f.device>[1][],
  ): Promise<{ me: SyncUser; conversationIds: string[]; devices: LiaoClient[] }> {
    const me = await f.makeUser('cu');
    // Registration hashes a password (argon2id): the one slow step, done a few at a time.
    const friends: SyncUser[] = await inParallel(oneTo(FRIENDS), 6, () => f.makeUser('cf'));
    const conversationIds = await inParallel(friends, 6, async (friend) => {
      const sent = await friend.api.api.sendFriendRequest(me.id, 'hi');
      await me.api.api.acceptFriendRequest(sent.request.id);
      return friend.api.api.openDirect(me.id);
    });
    const clients = devices.map((options) => f.device(me.token, options).client);
    for (const client of clients) {
      const firstSync = nextSynced(client);
      await client.connect();
      await firstSync;
      await client.whenSynced();
      expect(client.getConversations()).toHaveLength(FRIENDS);
      client.disconnect();
    }
    const senders = await inParallel(friends, 20, (friend) => f.connected(friend.token));
    await Promise.all(
      senders.map(async (sender, i) => {
        for (const n of oneTo(messages)) {
          await sender.request('message.send', {
            conversationId: conversationIds[i] as string,
            clientId: `cu${i}x${n}x${process.pid}x${me.id.slice(-6)}`,
            content: { kind: 'text', text: `message ${n} from friend ${i}` },
          });
        }
      }),
    );
    for (const sender of senders) sender.disconnect();
    return { me, conversationIds, devices: clients };
  }

  /** Reconnects a device that was away and records what it asks until it is caught up. */
  async function comeBack(client: LiaoClient) {
    const requests = recordRequests(client);
    const caughtUp = nextSynced(client);
    const started = performance.now();
    await client.connect();
    await caughtUp;
    await client.whenSynced();
    const elapsed = Math.round(performance.now() - started);
    const syncs = requests.filter((r) => r.op === 'sync');
    const pages = requests.filter((r) => r.op === 'history');
    return { requests, syncs, pages, elapsed };
  }

  /** Every conversation and every message on the device equal what the server returns. */
  async function expectServerState(me: SyncUser, client: LiaoClient, ids: string[], lastSeq: number) {
    const readers = await inParallel(oneTo(4), 4, async () => f.connected(await f.signIn(me)));
    const conversations = await serverConversations(readers[0] as LiaoClient);
    const histories = await serverHistories(readers, ids);
    expect(conversations.size).toBe(FRIENDS);
    for (const id of ids) {
      expect(histories.get(id)?.map((m) => m.seq)).toEqual(oneTo(lastSeq));
      expect(client.getConversation(id)).toEqual(conversations.get(id));
      expect(await storedMessages(client, id)).toEqual(histories.get(id));
    }
    for (const reader of readers) reader.disconnect();
  }

  it(`[SYNC catch-up] offline while ${FRIENDS} conversations get ${MESSAGES} messages each: one sync plus the history pages it chose, and then exactly the server's state`, async () => {
    const { me, conversationIds, devices } = await offlineWhileFriendsWrite(MESSAGES, [
      { sync: { limit: SYNC_LIMIT, fillGaps: true } },
      { sync: { limit: MESSAGES } },
    ]);
    const [filling, wide] = devices as [LiaoClient, LiaoClient];
    // The user's other device reads some conversations meanwhile.
    const elsewhere = await f.connected(await f.signIn(me));
    for (const id of conversationIds.slice(0, READ_ELSEWHERE)) {
      await elsewhere.request('read', { conversationId: id, seq: 30 });
    }

    // A device whose sync limit is below what it missed: one sync, then one page per hole.
    const back = await comeBack(filling);
    console.info(
      `[${storeKind}] catch-up of ${FRIENDS}×${MESSAGES}, sync limit ${SYNC_LIMIT}, fillGaps: ${back.syncs.length} sync + ${back.pages.length} history requests, ${back.elapsed} ms`,
    );
    expect(back.syncs).toHaveLength(1);
    expect(back.requests).toHaveLength(1 + FRIENDS);
    // Each conversation had seq 1–2 and came back with 33–52: exactly 3–32 was asked for.
    const paged = new Set(back.pages.map((p) => (p.body as { conversationId: string }).conversationId));
    expect(paged.size).toBe(FRIENDS);
    for (const page of back.pages) expect(page.body).toMatchObject({ before: 33, limit: 30 });
    await expectServerState(me, filling, conversationIds, MESSAGES + 2);
    // Seq 2 (你们已成为好友) is a system line, not unread.
    expect(filling.getUnreadTotal().total).toBe(
      READ_ELSEWHERE * (MESSAGES + 2 - 30) + (FRIENDS - READ_ELSEWHERE) * (MESSAGES + 1),
    );

    // A device whose sync limit covers what it missed: syncs alone, no paging. 10,000 messages
    // are more than one reply carries (2 MiB), so the server splits it: two syncs.
    const wideBack = await comeBack(wide);
    console.info(
      `[${storeKind}] catch-up of ${FRIENDS}×${MESSAGES}, sync limit ${MESSAGES}: ${wideBack.syncs.length} sync + ${wideBack.pages.length} history requests, ${wideBack.elapsed} ms`,
    );
    expect(wideBack.requests.map((r) => r.op)).toEqual(['sync', 'sync']);
    await expectServerState(me, wide, conversationIds, MESSAGES + 2);
  }, 240_000);

  it('[SYNC catch-up] when the server splits its answer (`more`), the device still ends with exactly the server’s state', async () => {
    // 200 × 51 changed messages are more than one reply carries (2 MiB).
    const missed = MESSAGES + 1;
    const { me, conversationIds, devices } = await offlineWhileFriendsWrite(missed, [
      { sync: { limit: 100, fillGaps: true } },
    ]);
    const device = devices[0] as LiaoClient;
    const back = await comeBack(device);
    console.info(
      `[${storeKind}] catch-up of ${FRIENDS}×${missed}, sync limit 100, fillGaps: ${back.syncs.length} syncs + ${back.pages.length} history requests, ${back.elapsed} ms`,
    );
    expect(back.syncs.length).toBeGreaterThanOrEqual(2);
    await expectServerState(me, device, conversationIds, missed + 2);
  }, 240_000);
});
