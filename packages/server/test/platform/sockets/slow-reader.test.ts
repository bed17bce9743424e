import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeChatPair, newClientId } from '../../support/chat-fixtures';
import { makeFixtures } from '../../support/friends-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { openSocket } from '../../support/sockets';

describeEachStore('gateway: slow readers', (store) => {
  let t: TestServer;
  const f = makeFixtures(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  it('a reader that stops reading is disconnected once its unsent frames pass the limit, instead of growing the server’s memory', async () => {
    const { a, b, conversationId } = await makeChatPair(f);
    const stalled = await openSocket(t.url, { token: b.token });
    await stalled.next((fr) => fr.type === 'hello');
    // Stop reading: the kernel buffers fill, then the server's send buffer grows.
    (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const userConnections = () => t.server.gateway.connections.ofUser(b.id)?.size ?? 0;
    const before = userConnections();
    expect(before).toBeGreaterThanOrEqual(1);

    // ~20 KB a frame as UTF-8; the loopback's kernel buffers alone absorb several megabytes.
    const text = '🐢'.repeat(5000);
    const senders = [a.client, await f.addDevice(a), await f.addDevice(a)];
    for (let round = 0; round < 60 && userConnections() >= before; round++) {
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          senders[i % senders.length]!.request('message.send', {
            conversationId,
            clientId: newClientId(),
            content: { kind: 'text', text },
          }),
        ),
      );
    }
    expect(userConnections()).toBe(before - 1);
    // Everyone else is still served, and the dropped device catches up by sync on reconnect.
    const again = await b.client.request('history', { conversationId, limit: 1 });
    expect(again.messages).toHaveLength(1);
    stalled.ws.terminate();
  });
});
