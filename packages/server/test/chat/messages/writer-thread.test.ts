import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageWriter, type SendOutcome } from '../../../src/chat/messages/writer';
import { fullHistory, newClientId } from '../../support/chat-fixtures';
import { expectGapFree, makePeople } from '../../support/conversation-fixtures';
import { startTestServer, type TestServer } from '../../support/harness';

/**
 * The SQLite writer's thread (SQLite only: on PostgreSQL there is no such thread).
 * - Dying under the writer (a crash in a native call, an operator's out-of-memory limit): the
 *   sends it held are answered with an error, never left waiting; a resend of any of them is
 *   answered from the store, stored once; and the next send starts a new thread.
 * - Under a load that never lets up, it still lets the main thread's own writes through.
 */
describe('The SQLite writer thread [sqlite]', () => {
  let t: TestServer;
  const people = makePeople(() => t);

  beforeAll(async () => {
    t = await startTestServer('sqlite');
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  /** The writer's thread and the batches it holds: reached past `private`, as nothing else may kill it. */
  function threadOf(writer: MessageWriter) {
    return (writer as unknown as { thread: { worker: Worker | undefined; waiting: Map<number, unknown> } })
      .thread;
  }

  it('fails the sends in flight, stores each resend once, and starts again', async () => {
    const [a, b] = await people.crowd(2);
    await people.befriend(a!, b!);
    const conversationId = await a!.client.api.openDirect(b!.id);
    const writer = new MessageWriter(t.server.ctx.store, t.clock.now);
    const send = (clientId: string, text: string) =>
      writer.submit({ senderId: a!.id, conversationId, clientId, content: { kind: 'text', text } });

    try {
      await send(newClientId(), 'before');
      const inFlight = Array.from({ length: 20 }, (_, i) => ({ clientId: newClientId(), text: `held ${i}` }));
      const outcomes = inFlight.map((m) =>
        send(m.clientId, m.text).then(
          (outcome): SendOutcome | Error => outcome,
          (error: Error) => error,
        ),
      );
      const thread = threadOf(writer);
      while (thread.waiting.size === 0) await new Promise((resolve) => setImmediate(resolve));
      await thread.worker?.terminate();
      const first = await Promise.all(outcomes);
      const failed = first.filter((o) => o instanceof Error);
      // Killed while it held their batch: the sends it had not answered hear of it.
      expect(failed.length).toBeGreaterThan(0);
      for (const error of failed) expect((error as Error).message).toMatch(/writer thread exited/);

      // The person's device sends again what was not acknowledged; what was is answered again.
      const again = await Promise.all(inFlight.map((m) => send(m.clientId, m.text)));
      first.forEach((o, i) => {
        if (!(o instanceof Error)) expect(again[i]?.row.id).toBe(o.row.id);
      });
      await send(newClientId(), 'after');

      const history = await fullHistory(a!.client, conversationId);
      const texts = history.flatMap((m) => (m.content.kind === 'text' ? [m.content.text] : []));
      expect(texts.filter((x) => x.startsWith('held ')).sort()).toEqual(inFlight.map((m) => m.text).sort());
      expect(texts.at(-1)).toBe('after');
      expectGapFree(history);
    } finally {
      await writer.close();
    }
  });

  /** Sends in the endless load below: far more than it takes the writer to let a write through. */
  const LOAD = 20_000;

  it('lets the main thread write under a load of sends that never lets up, and stores every send in order', async () => {
    const [a, b] = await people.crowd(2);
    await people.befriend(a!, b!);
    const conversationId = await a!.client.api.openDirect(b!.id);
    const writer = new MessageWriter(t.server.ctx.store, t.clock.now);
    const sent: Promise<SendOutcome>[] = [];
    let streaming = true;
    // A few sends every turn of the event loop, until told to stop or LOAD are sent: the writer
    // always has some waiting (a few thousand at most).
    const stream = (async () => {
      while (streaming && sent.length < LOAD) {
        for (let i = 0; i < 4 && writer.pendingCount < 2000; i++)
          sent.push(
            writer.submit({
              senderId: a!.id,
              conversationId,
              clientId: newClientId(),
              content: { kind: 'text', text: `stream ${sent.length}` },
            }),
          );
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    try {
      while (writer.commitCount < 3) await new Promise((resolve) => setImmediate(resolve));
      // The other person reads the chat: a write on the main connection, which the writer holds while it stores.
      const { seq } = (await sent[0])!.row;
      expect(await b!.client.request('read', { conversationId, seq })).toEqual({ readSeq: seq });
      // It did not wait for the load to end.
      expect(sent.length).toBeLessThan(LOAD);
    } finally {
      streaming = false;
      await stream;
      await writer.close();
    }
    const outcomes = await Promise.all(sent);
    const seqs = outcomes.map((o) => o.row.seq);
    // Acknowledged in the order sent, numbered in that order.
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expectGapFree(await fullHistory(a!.client, conversationId));
  });
});
