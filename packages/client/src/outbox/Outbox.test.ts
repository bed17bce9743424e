import type { Message, RequestBody } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { RateWindow } from '../connection/pacer';
import { LiaoError } from '../errors';
import { MemoryStore } from '../store/MemoryStore';
import { C1, C2, makeMessage, TEST_USER } from '../testing';
import { Outbox } from './Outbox';

interface Call {
  body: RequestBody<'message.send'>;
  resolve(message: Message): void;
  reject(error: unknown): void;
}

/** An outbox on a memory store with a server stand-in whose replies the test gives by hand. */
function setup(store = new MemoryStore()) {
  const calls: Call[] = [];
  const acked: Message[] = [];
  const sent: string[] = [];
  const link = { open: true };
  const waiters = new Set<() => void>();
  let seq = 10;
  let ids = 0;
  const outbox = new Outbox({
    store,
    isOpen: () => link.open,
    window: new RateWindow(1000, 1000),
    backoff: { baseMs: 1, maxMs: 1, random: () => 1 },
    newClientId: () => `client-${++ids}-xxxx`,
    onAck: async (message) => {
      acked.push(message);
    },
    request: ((op: string, body: RequestBody<'message.send'>) => {
      expect(op).toBe('message.send');
      return new Promise((resolve, reject) => {
        calls.push({ body, resolve: (message) => resolve({ message }), reject });
        for (const wake of [...waiters]) wake();
      });
    }) as never,
  });
  outbox.on('sent', ({ clientId }) => sent.push(clientId));

  /** Waits for the n-th send request (1-based) to arrive. */
  function call(n: number): Promise<Call> {
    return new Promise((resolve) => {
      const check = () => {
        const found = calls[n - 1];
        if (!found) return;
        waiters.delete(check);
        resolve(found);
      };
      waiters.add(check);
      check();
    });
  }

  /** The message the server would store for a send. */
  function messageFor(c: Call): Message {
    return makeMessage(c.body.conversationId, ++seq, {
      senderId: TEST_USER,
      clientId: c.body.clientId,
      content: c.body.content as Message['content'],
    });
  }

  async function ack(c: Call): Promise<Message> {
    const message = messageFor(c);
    c.resolve(message);
    await until(() => acked.includes(message) && !outbox.list().some((i) => i.clientId === c.body.clientId));
    return message;
  }

  return { store, outbox, calls, acked, sent, link, call, ack, messageFor };
}

/** Resolves once the condition holds, checked after each turn of the event loop. */
async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('outbox', () => {
  it('[OUTBOX save first] saves the message before sending it, as a `sending` echo with a new client id', async () => {
    const { store, outbox, call } = setup();
    const item = await outbox.sendText(C1, '你好');
    expect(await store.listOutbox()).toEqual([item]);
    expect(item).toMatchObject({
      conversationId: C1,
      state: 'sending',
      content: { kind: 'text', text: '你好' },
    });
    const first = await call(1);
    expect(first.body).toEqual({ conversationId: C1, clientId: item.clientId, content: item.content });
  });

  it('refuses a message the server would refuse, and saves nothing', async () => {
    const { store, outbox } = setup();
    await expect(outbox.sendText(C1, '')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    // The refusal names the rule and its limit, as the server's does, for the app to put in words.
    await expect(outbox.sendText(C1, 'x'.repeat(5001))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      data: { issues: [{ path: 'text', rule: 'tooLong', limit: 5000 }] },
    });
    expect(await store.listOutbox()).toEqual([]);
  });

  it('an image message is saved and sent like text, in the same line; an ill-formed one is refused', async () => {
    const { store, outbox, calls, call, ack } = setup();
    const image = {
      kind: 'image',
      imageId: '01890000-0000-7000-8000-0000000000aa',
      width: 640,
      height: 480,
    } as const;
    const text = await outbox.sendText(C1, 'look');
    const item = await outbox.send(C1, image);
    expect(item).toMatchObject({ conversationId: C1, state: 'sending', content: image });
    expect(await store.listOutbox()).toEqual([text, item]);
    await ack(await call(1));
    expect((await call(2)).body).toEqual({ conversationId: C1, clientId: item.clientId, content: image });
    expect(calls).toHaveLength(2);

    await expect(outbox.send(C1, { ...image, width: 0 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(outbox.send(C1, { ...image, imageId: 'nope' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(outbox.list()).toEqual([item]);
  });

  it('[OUTBOX order] sends oldest first, one at a time per conversation, conversations side by side', async () => {
    const { outbox, calls, call, ack } = setup();
    const a1 = await outbox.sendText(C1, 'a1');
    const a2 = await outbox.sendText(C1, 'a2');
    const b1 = await outbox.sendText(C2, 'b1');
    const a3 = await outbox.sendText(C1, 'a3');
    await call(2);
    expect(calls.map((c) => c.body.clientId)).toEqual([a1.clientId, b1.clientId]);
    await ack(calls[0]!);
    await call(3);
    expect(calls[2]!.body.clientId).toBe(a2.clientId);
    await ack(calls[2]!);
    expect((await call(4)).body.clientId).toBe(a3.clientId);
  });

  it('[OUTBOX ack] an ack stores the message first, then removes the item and says which echo it became', async () => {
    const { store, outbox, call, ack, acked, sent } = setup();
    const events: string[] = [];
    outbox.on('outbox', (id) => events.push(id));
    const item = await outbox.sendText(C1, 'hello');
    const message = await ack(await call(1));
    expect(acked).toEqual([message]);
    expect(sent).toEqual([item.clientId]);
    expect(outbox.list()).toEqual([]);
    expect(await store.listOutbox()).toEqual([]);
    expect(events).toEqual([C1, C1]);
  });

  it('[OUTBOX retry] a network error while the link is up is retried with the same client id', async () => {
    const { outbox, call, ack, sent } = setup();
    const item = await outbox.sendText(C1, 'again');
    (await call(1)).reject(new LiaoError('NETWORK', 0, 'No reply within 30000 ms.'));
    const second = await call(2);
    expect(second.body.clientId).toBe(item.clientId);
    (await call(2)).reject(new LiaoError('RATE_LIMITED', 0, 'slow down'));
    await ack(await call(3));
    expect(sent).toEqual([item.clientId]);
  });

  it('[OUTBOX reconnect] while the link is down nothing is sent; the next open sends what waits, same client ids', async () => {
    const { outbox, calls, link, call } = setup();
    link.open = false;
    const item = await outbox.sendText(C1, 'offline');
    expect(calls).toHaveLength(0);
    link.open = true;
    outbox.onOpen();
    expect((await call(1)).body.clientId).toBe(item.clientId);
    link.open = false;
    calls[0]!.reject(new LiaoError('NETWORK', 0, 'The connection closed before the reply.'));
    await until(() => outbox.list()[0]?.state === 'sending');
    expect(calls).toHaveLength(1);
    link.open = true;
    outbox.onOpen();
    expect((await call(2)).body.clientId).toBe(item.clientId);
  });

  it('[OUTBOX give up] a 4xx refusal marks the item failed with the code; retry() puts it back in line', async () => {
    const { store, outbox, call, ack, sent } = setup();
    const item = await outbox.sendText(C1, 'no longer friends');
    (await call(1)).reject(new LiaoError('NOT_FRIENDS', 0, 'You are no longer friends.'));
    await until(() => outbox.list()[0]?.state === 'failed');
    expect(outbox.list()[0]).toMatchObject({ state: 'failed', error: { code: 'NOT_FRIENDS' } });
    expect((await store.listOutbox())[0]).toMatchObject({ state: 'failed', error: { code: 'NOT_FRIENDS' } });
    expect(outbox.pending).toBe(0);
    // A failed item does not hold back the conversation's later ones.
    const later = await outbox.sendText(C1, 'later');
    await ack(await call(2));
    await outbox.retry(item.clientId);
    expect(outbox.list()[0]).toMatchObject({ state: 'sending', error: undefined });
    const again = await call(3);
    expect(again.body.clientId).toBe(item.clientId);
    await ack(again);
    expect(sent).toEqual([later.clientId, item.clientId]);
  });

  it('discard() drops a failed item and nothing else', async () => {
    const { store, outbox, call } = setup();
    const item = await outbox.sendText(C1, 'refused');
    (await call(1)).reject(new LiaoError('MESSAGE_REFUSED', 0, 'refused'));
    await until(() => outbox.list()[0]?.state === 'failed');
    const other = await outbox.sendText(C2, 'waiting');
    expect(await outbox.discard(other.clientId)).toBe(false);
    expect(await outbox.discard(item.clientId)).toBe(true);
    expect((await store.listOutbox()).map((i) => i.clientId)).toEqual([other.clientId]);
  });

  it('[OUTBOX reload] a new outbox on the same store sends what the last one left, in the same order', async () => {
    const first = setup();
    first.link.open = false;
    const items = [
      await first.outbox.sendText(C1, 'one'),
      await first.outbox.sendText(C1, 'two'),
      await first.outbox.sendText(C1, 'three'),
    ];
    first.outbox.stop();
    const second = setup(first.store);
    await second.outbox.load();
    expect(second.outbox.list()).toEqual(items);
    second.outbox.onOpen();
    for (const [i, item] of items.entries()) {
      const c = await second.call(i + 1);
      expect(c.body.clientId).toBe(item.clientId);
      await second.ack(c);
    }
    // Newer items still sort after the reloaded ones.
    const newer = await second.outbox.sendText(C1, 'four');
    expect(newer.order).toBeGreaterThan(items[2]!.order);
  });

  it('[OUTBOX reify] a stored message with an item’s client id delivers it, once, even if its ack comes later', async () => {
    const { outbox, call, sent, messageFor, acked } = setup();
    const item = await outbox.sendText(C1, 'sent before a crash');
    const c = await call(1);
    const message = messageFor(c);
    outbox.recognise(message);
    await until(() => outbox.list().length === 0);
    expect(sent).toEqual([item.clientId]);
    c.resolve(message);
    await until(() => acked.length === 1);
    expect(sent).toEqual([item.clientId]);
  });
});
