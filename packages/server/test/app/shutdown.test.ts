import { CloseCodes, type ServerFrame } from '@liao/protocol';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient } from '../support/builders';
import { fullHistory, makeChatPair, newClientId } from '../support/chat-fixtures';
import { makeFixtures } from '../support/friends-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../support/harness';
import { http } from '../support/http';
import { pollUntil } from '../support/poll';
import { openSocket, refusedUpgrade, type TestSocket } from '../support/sockets';

type Res = Extract<ServerFrame, { type: 'res' }>;
const isRes = (id: string) => (frame: ServerFrame) => frame.type === 'res' && frame.id === id;

function sendFrame(socket: TestSocket, conversationId: string, text: string): string {
  const id = newClientId();
  socket.send({
    type: 'req',
    id,
    op: 'message.send',
    body: { conversationId, clientId: id, content: { kind: 'text', text } },
  });
  return id;
}

describeEachStore('graceful shutdown', (store) => {
  let t: TestServer;
  let restarted: TestServer | undefined;
  const f = makeFixtures(() => t);

  afterEach(async () => {
    f.closeAll();
    await restarted?.destroy();
    restarted = undefined;
    await t.destroy();
  });

  it('answers every request already sent before closing the sockets with "going away", and keeps every message', async () => {
    t = await startTestServer(store);
    const { a, b, conversationId } = await makeChatPair(f);
    const socket = await openSocket(t.url, { token: a.token });
    await socket.next((frame) => frame.type === 'hello');
    const ids = Array.from({ length: 40 }, (_, i) =>
      sendFrame(socket, conversationId, `before the end ${i}`),
    );
    // The requests are on the wire; shutdown begins before the server has answered them.
    await socket.roundTrip();
    const closing = t.stop();
    for (const id of ids) {
      const res = (await socket.next(isRes(id), 10_000)) as Res;
      expect(res.ok, JSON.stringify(res)).toBe(true);
    }
    expect((await socket.closed).code).toBe(CloseCodes.GOING_AWAY);
    await closing;
    f.closeAll();
    socket.close();

    restarted = await startTestServer(store, { reuse: { dataDir: t.dataDir, schema: schemaOf(t) } });
    const reader = await connectClient(restarted, b.token);
    try {
      const texts = (await fullHistory(reader, conversationId)).map((m) =>
        m.content.kind === 'text' ? m.content.text : '',
      );
      for (let i = 0; i < ids.length; i++) {
        expect(texts.filter((x) => x === `before the end ${i}`)).toHaveLength(1);
      }
    } finally {
      reader.disconnect();
    }
  });
});

const PG_URL = process.env.LIAO_TEST_PG_URL;
const describePg = PG_URL ? describe : describe.skip;

describePg(`draining [postgres${PG_URL ? '' : ': skipped, LIAO_TEST_PG_URL is unset'}]`, () => {
  let t: TestServer;
  const f = makeFixtures(() => t);

  afterEach(async () => {
    f.closeAll();
    await t.destroy();
  });

  it('while a send is held up: says "draining" to the balancer, refuses new sockets and requests, then answers the held send', async () => {
    t = await startTestServer('postgres');
    const { a, conversationId } = await makeChatPair(f);
    const socket = await openSocket(t.url, { token: a.token });
    await socket.next((frame) => frame.type === 'hello');

    // Hold the conversation's row, so the send waits in the database, in flight.
    const blocker = new pg.Client({ connectionString: PG_URL });
    await blocker.connect();
    try {
      await blocker.query(`set search_path to "${schemaOf(t)}"`);
      await blocker.query('begin');
      await blocker.query('select id from conversations where id = $1 for update', [conversationId]);
      const held = sendFrame(socket, conversationId, 'held up');
      await pollUntil(async () => {
        const { rows } = await blocker.query(
          "select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()",
        );
        return rows[0].n > 0;
      }, 'the send to wait on the lock');

      const closing = t.stop();
      await pollUntil(
        async () => (await http(t.url, 'GET', '/readyz')).status === 503,
        '/readyz to say draining',
      );
      expect((await http(t.url, 'GET', '/readyz')).body).toEqual({ status: 'draining' });
      expect(await refusedUpgrade(t.url, { token: a.token })).toBe(503);

      const late = sendFrame(socket, conversationId, 'too late');
      const refused = (await socket.next(isRes(late))) as Res;
      expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });

      await blocker.query('commit');
      const answered = (await socket.next(isRes(held), 10_000)) as Res;
      expect(answered.ok).toBe(true);
      expect((await socket.closed).code).toBe(CloseCodes.GOING_AWAY);
      await closing;
      socket.close();
    } finally {
      await blocker.end();
    }
  });
});

function schemaOf(t: TestServer): string | undefined {
  return t.server.ctx.config.databaseSchema;
}
