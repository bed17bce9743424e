import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageWriter, type SendOutcome } from '../src/messages/writer';
import { fullHistory, newClientId } from './chat-fixtures';
import { expectGapFree, makePeople } from './conversation-fixtures';
import { startTestServer, type TestServer } from './harness';

/**
 * The SQLite writer's thread dying under the writer (a crash in a native call, an operator's
 * out-of-memory limit): the sends it held are answered with an error, never left waiting; a
 * resend of any of them is answered from the store, stored once; and the next send starts a
 * new thread. SQLite only: on PostgreSQL there is no such thread.
 */
describe('The SQLite writer thread dies under load [sqlite]', () => {
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
});
