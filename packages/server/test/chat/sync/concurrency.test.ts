import { LiaoClient } from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fullHistory, makeChatPair, newClientId } from '../../support/chat-fixtures';
import { makeFixtures, type TestUser } from '../../support/friends-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { pollUntil } from '../../support/poll';

/**
 * DESIGN §5: with several writers committing at once, a sync cursor must never pass a change
 * that was not yet visible. Three server instances share one store, each with its own group
 * commit, while a reader syncs in a tight loop; every message must reach the reader through
 * sync alone (no history paging).
 */
describeEachStore('sync under concurrent writers', (store) => {
  const servers: TestServer[] = [];
  const f = makeFixtures(() => servers[0] as TestServer);
  beforeAll(async () => {
    const first = await startTestServer(store);
    servers.push(first);
    const schema =
      store === 'postgres'
        ? `t_${first.dataDir.split('/').pop()?.replace(/\W/g, '_').toLowerCase()}`
        : undefined;
    for (let i = 0; i < 2; i++)
      servers.push(await startTestServer(store, { reuse: { dataDir: first.dataDir, schema } }));
  });
  afterAll(async () => {
    f.closeAll();
    for (const s of servers.slice(1)) await s.stop();
    await servers[0]?.destroy();
  });

  function clientOn(server: TestServer, user: TestUser): LiaoClient {
    return new LiaoClient({
      baseUrl: server.url,
      token: user.token,
      createSocket: nodeSocketFactory(() => user.token),
    });
  }

  it('a reader syncing while three nodes commit concurrently receives every message, none skipped', async () => {
    const pairs = await Promise.all([makeChatPair(f), makeChatPair(f), makeChatPair(f)]);
    // One reader in all three chats: the b side of each pair befriends the reader's chats via a group of pairs.
    const reader = pairs[0]!.b;
    const chats = [pairs[0]!];
    for (const p of pairs.slice(1)) {
      const sent = await p.a.client.api.sendFriendRequest(reader.id, 'hi');
      await reader.client.api.acceptFriendRequest(sent.request.id);
      chats.push({ ...p, b: reader, conversationId: await p.a.client.api.openDirect(reader.id) });
    }
    const writers = chats.map((chat, i) => {
      const client = clientOn(servers[i] as TestServer, chat.a);
      return { client, conversationId: chat.conversationId };
    });
    await Promise.all(writers.map((w) => w.client.connect()));
    const readerClient = clientOn(servers[0] as TestServer, reader);
    await readerClient.connect();

    const first = await readerClient.request('sync', { cursor: null, limit: 100 });
    const seen = new Map<string, number[]>();
    const record = (reply: typeof first) => {
      for (const c of reply.conversations) {
        expect(c.limited, 'the reader keeps up, so no reply should need paging').toBe(false);
        const list = seen.get(c.conversation.id) ?? [];
        for (const m of c.messages) list.push(m.seq);
        seen.set(c.conversation.id, list);
      }
    };
    record(first);
    let cursor = first.cursor;
    let writing = true;
    const reading = (async () => {
      while (writing) {
        const reply = await readerClient.request('sync', { cursor, limit: 100 });
        record(reply);
        expect(reply.cursor).toBeGreaterThanOrEqual(cursor);
        cursor = reply.cursor;
      }
    })();
    const PER_WRITER = 150;
    // A reply holds at most 100 messages of a chat. Each writer stays within 50 of what the
    // reader has seen of its chat, so that a reply that needed paging would mean a skipped
    // change, not a reader that merely fell behind (the writers commit on threads of their
    // own and can outrun a reader on a busy machine).
    const highestSeen = (conversationId: string) => Math.max(0, ...(seen.get(conversationId) ?? []));
    await Promise.all(
      writers.map(async (w) => {
        for (let k = 0; k < PER_WRITER; k += 5) {
          await pollUntil(() => highestSeen(w.conversationId) >= k - 50, 'the reader to catch up');
          await Promise.all(
            [0, 1, 2, 3, 4].map((j) =>
              w.client.request('message.send', {
                conversationId: w.conversationId,
                clientId: newClientId(),
                content: { kind: 'text', text: `w${k + j}` },
              }),
            ),
          );
        }
      }),
    );
    writing = false;
    await reading;
    record(await readerClient.request('sync', { cursor, limit: 100 }));

    for (const w of writers) {
      const seqs = seen.get(w.conversationId) ?? [];
      const unique = [...new Set(seqs)].sort((x, y) => x - y);
      // Each seq 1..N arrives; a seq may come twice only if a reply repeated it, never missing.
      expect(unique).toEqual(Array.from({ length: PER_WRITER + 2 }, (_, i) => i + 1));
    }
    for (const w of writers) w.client.disconnect();
    readerClient.disconnect();
  });

  it("numbers one group's messages 1, 2, 3… with no gap when its members send at once through three nodes, each sender's in order", async () => {
    const owner = await f.makeUser();
    const others = [await f.makeUser(), await f.makeUser()];
    for (const other of others) await f.befriend(owner, other);
    const group = await owner.client.api.createGroup({ memberIds: others.map((u) => u.id) });
    const senders = [owner, ...others].map((user, i) => clientOn(servers[i] as TestServer, user));
    await Promise.all(senders.map((c) => c.connect()));

    const PER_SENDER = 120;
    await Promise.all(
      senders.map(async (client, i) => {
        // Four sends in flight per sender, so the three group commits interleave in the database.
        for (let k = 0; k < PER_SENDER; k += 4) {
          await Promise.all(
            [0, 1, 2, 3].map((j) =>
              client.request('message.send', {
                conversationId: group.id,
                clientId: newClientId(),
                content: { kind: 'text', text: `s${i}:${k + j}` },
              }),
            ),
          );
        }
      }),
    );

    const history = await fullHistory(senders[0] as LiaoClient, group.id);
    const seqs = history.map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    for (let i = 0; i < senders.length; i++) {
      const mine = history.flatMap((m) =>
        m.content.kind === 'text' && m.content.text.startsWith(`s${i}:`) ? [m.content.text] : [],
      );
      expect(mine).toHaveLength(PER_SENDER);
      // Within each batch of four the order is the server's; batches follow one another.
      const batches = mine.map((text) => Math.floor(Number(text.split(':')[1]) / 4));
      expect(batches).toEqual([...batches].sort((x, y) => x - y));
    }
    for (const client of senders) client.disconnect();
  });
});
