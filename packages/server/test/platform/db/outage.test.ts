import type { ServerFrame } from '@liao/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { newClientId } from '../../support/chat-fixtures';
import { startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import { pollUntil } from '../../support/poll';
import { openSocket } from '../../support/sockets';
import { makeSyncFixtures } from '../../support/sync-fixtures';
import { startTcpProxy, type TcpProxy } from '../../support/tcpProxy';

const PG_URL = process.env.LIAO_TEST_PG_URL;
const describePg = PG_URL ? describe : describe.skip;

describePg(`losing PostgreSQL [postgres${PG_URL ? '' : ': skipped, LIAO_TEST_PG_URL is unset'}]`, () => {
  let t: TestServer;
  let proxy: TcpProxy;
  const f = makeSyncFixtures(() => t.url);

  afterEach(async () => {
    f.closeAll();
    await proxy.restore().catch(() => {});
    await t.destroy();
    await proxy.close();
  });

  it('reports unready, refuses work with UNAVAILABLE and stores nothing, then recovers by itself; a send made meanwhile arrives once', async () => {
    const target = new URL(PG_URL as string);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(PG_URL as string);
    viaProxy.port = String(proxy.port);
    t = await startTestServer('postgres', {
      configure: (config) => {
        config.databaseUrl = viaProxy.toString();
      },
    });
    const alice = await f.makeUser();
    const bob = await f.makeUser();
    const conversationId = await f.befriend(alice, bob);
    const sender = f.device(alice.token).client;
    const reader = f.device(bob.token).client;
    await Promise.all([sender.connect(), reader.connect()]);
    await Promise.all([sender.whenSynced(), reader.whenSynced()]);
    const socket = await openSocket(t.url, { token: alice.token });
    await socket.next((frame) => frame.type === 'hello');
    expect((await http(t.url, 'GET', '/readyz')).status).toBe(200);

    await proxy.cut();

    await pollUntil(
      async () => (await http(t.url, 'GET', '/readyz')).status === 503,
      '/readyz to report the store unreachable',
      15_000,
    );
    expect((await http(t.url, 'GET', '/readyz')).body).toEqual({ status: 'unavailable' });
    expect((await http(t.url, 'GET', '/healthz')).status).toBe(200);

    const listed = await http(t.url, 'GET', '/api/friends', { token: alice.token });
    expect(listed.status).toBe(503);
    expect(listed.body.error.code).toBe('UNAVAILABLE');

    const id = newClientId();
    socket.send({
      type: 'req',
      id,
      op: 'message.send',
      body: { conversationId, clientId: id, content: { kind: 'text', text: 'never stored' } },
    });
    const refused = await socket.next(
      (frame: ServerFrame) => frame.type === 'res' && frame.id === id,
      15_000,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });

    // The SDK keeps a send it could not get acknowledged and tries again by itself.
    await sender.sendText(conversationId, 'sent during the outage');
    // UNAVAILABLE is worth retrying: the send waits in the outbox, it does not fail.
    expect(sender.getOutbox(conversationId).map((item) => item.state)).toEqual(['sending']);

    await proxy.restore();
    await pollUntil(
      async () => (await http(t.url, 'GET', '/readyz')).status === 200,
      '/readyz to recover',
      15_000,
    );
    await sender.whenSent();
    const texts = async () =>
      (await reader.getTimeline(conversationId, { limit: 50 })).flatMap((item) =>
        item.kind === 'message' && item.message.content.kind === 'text' ? [item.message.content.text] : [],
      );
    await pollUntil(
      async () => (await texts()).includes('sent during the outage'),
      'the friend to receive the message',
      15_000,
    );
    expect((await texts()).filter((x) => x === 'sent during the outage')).toHaveLength(1);
    expect(await texts()).not.toContain('never stored');
    socket.close();
  });
});
