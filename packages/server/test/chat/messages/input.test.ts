import { afterAll, beforeAll, expect, it } from 'vitest';
import { fullHistory, makeChatPair, newClientId } from '../../support/chat-fixtures';
import { makeFixtures } from '../../support/friends-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { openSocket } from '../../support/sockets';

describeEachStore('messages: bad input', (store) => {
  let t: TestServer;
  const f = makeFixtures(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  it('refuses bad message bodies with VALIDATION_FAILED and stores nothing', async () => {
    const { a, conversationId } = await makeChatPair(f);
    const before = await fullHistory(a.client, conversationId);
    const bad: unknown[] = [
      { kind: 'text', text: 'x'.repeat(5001) },
      { kind: 'text', text: 'nul\u0000inside' },
      { kind: 'text', text: 'lone \ud800 surrogate' },
      { kind: 'text', text: '\u200b\u200b\u3164 ' },
      { kind: 'text', text: '' },
      { kind: 'text', text: 'bidi \u202e trick' },
      { kind: 'system', event: { type: 'group.dissolved', actorId: a.id } },
      { kind: 'image', url: 'http://elsewhere/x.png' },
      { kind: 'text', text: 'extra', html: '<b>x</b>' },
      { kind: 'text', text: 42 },
    ];
    for (const content of bad) {
      await expect(
        a.client.request('message.send', { conversationId, clientId: newClientId(), content } as never),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect(await fullHistory(a.client, conversationId)).toEqual(before);
  });

  it('accepts exactly 5,000 characters, emoji counted once, and keeps newlines', async () => {
    const { a, conversationId } = await makeChatPair(f);
    const text = `${'😀'.repeat(4998)}\n!`;
    const { message } = await a.client.request('message.send', {
      conversationId,
      clientId: newClientId(),
      content: { kind: 'text', text },
    });
    expect(message.content).toEqual({ kind: 'text', text });
  });

  it('refuses bad ids, client ids, seqs and limits with VALIDATION_FAILED', async () => {
    const { a, conversationId } = await makeChatPair(f);
    const attempts: [string, unknown][] = [
      [
        'message.send',
        { conversationId: 'nope', clientId: newClientId(), content: { kind: 'text', text: 'x' } },
      ],
      ['message.send', { conversationId, clientId: 'short', content: { kind: 'text', text: 'x' } }],
      [
        'message.send',
        { conversationId, clientId: 'has spaces in it', content: { kind: 'text', text: 'x' } },
      ],
      ['message.send', { conversationId, content: { kind: 'text', text: 'x' } }],
      ['history', { conversationId, before: -1 }],
      ['history', { conversationId, before: 2 ** 60 }],
      ['history', { conversationId, before: 1.5 }],
      ['history', { conversationId, limit: 101 }],
      ['history', { conversationId, limit: 0 }],
      ['history', { conversationId, before: 3, after: 1 }],
      ['read', { conversationId, seq: -5 }],
      ['read', { conversationId, seq: '3' }],
      ['sync', { cursor: -1 }],
      ['sync', { cursor: null, limit: 1000 }],
      ['sync', {}],
    ];
    for (const [op, body] of attempts) {
      await expect(
        a.client.request(op as 'sync', body as never),
        `${op} ${JSON.stringify(body)}`,
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
  });

  it('unknown conversations are CONVERSATION_NOT_FOUND', async () => {
    const { a } = await makeChatPair(f);
    await expect(
      a.client.request('message.send', {
        conversationId: '01900000-0000-7000-8000-000000000000',
        clientId: newClientId(),
        content: { kind: 'text', text: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
  });

  it('malformed request frames get exactly one reply or error frame each, and the socket keeps working', async () => {
    const { a } = await makeChatPair(f);
    const socket = await openSocket(t.url, { token: a.token });
    await socket.next((fr) => fr.type === 'hello');
    socket.send({ type: 'req', id: 'u1', op: 'message.delete', body: {} });
    expect(await socket.next((fr) => fr.type === 'error')).toMatchObject({ code: 'BAD_FRAME', id: 'u1' });
    socket.send({ type: 'req', id: 'u2', op: 'sync' });
    expect(await socket.next((fr) => fr.type === 'error' || fr.type === 'res')).toMatchObject({ id: 'u2' });
    const nested = `${'['.repeat(5000)}"deep"${']'.repeat(5000)}`;
    socket.send(`{"type":"req","id":"u3","op":"sync","body":{"cursor":${nested}}}`);
    expect(await socket.next((fr) => 'id' in fr && fr.id === 'u3')).toMatchObject({
      type: 'res',
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    socket.send({ type: 'req', id: 'u4', op: 'sync', body: { cursor: null }, extra: 1 });
    expect(await socket.next((fr) => 'id' in fr && fr.id === 'u4')).toMatchObject({
      type: 'error',
      code: 'BAD_FRAME',
    });
    socket.send({ type: 'req', id: 'u5', op: 'sync', body: { cursor: null } });
    expect(await socket.next((fr) => 'id' in fr && fr.id === 'u5')).toMatchObject({ type: 'res', ok: true });
    await socket.roundTrip();
    socket.close();
  });
});
