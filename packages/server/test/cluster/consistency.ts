import { expect } from 'vitest';
import { pollUntil } from '../support/poll';
import type { Cluster } from './cluster';
import { type Device, storedOn } from './people';
import type { Sender } from './traffic';

/**
 * The promise of a cluster, checked after traffic: every sender's outbox emptied with each
 * message acknowledged once; in the database each conversation numbered 1…n with no gap and
 * each client id once, every acknowledgement being the row the database holds; and every
 * device of every member holding exactly the database's messages, in seq order, no gap
 * (waiting for them to catch up, live or by sync, with a deadline).
 */
export async function expectEveryMessageOnEveryDevice(
  cluster: Cluster,
  senders: Sender[],
  membersOf: Map<string, Device[]>,
): Promise<{ acked: number }> {
  await Promise.all(senders.map((s) => s.device.client.whenSent(60_000)));
  for (const s of senders) {
    expect(s.device.client.getOutbox(), `${s.device.name}'s outbox`).toEqual([]);
    expect(s.acked.size).toBe(s.enqueued);
  }

  const rows = await cluster.query<{ conversation_id: string; seq: number; client_id: string | null }>(
    'select conversation_id, seq, client_id from messages where conversation_id = any($1) order by conversation_id, seq',
    [[...membersOf.keys()]],
  );
  const inDb = new Map<string, { seq: number; clientId: string | null }[]>();
  for (const r of rows) {
    const list = inDb.get(r.conversation_id) ?? [];
    list.push({ seq: Number(r.seq), clientId: r.client_id });
    inDb.set(r.conversation_id, list);
  }
  for (const [conversationId, list] of inDb) {
    expect(
      list.map((r) => r.seq),
      `seqs of ${conversationId}`,
    ).toEqual(list.map((_, i) => i + 1));
    const ids = list.flatMap((r) => (r.clientId ? [r.clientId] : []));
    expect(new Set(ids).size).toBe(ids.length);
  }
  const acked = senders.flatMap((s) => [...s.acked.values()]);
  for (const m of acked) {
    expect(inDb.get(m.conversationId)?.[m.seq - 1]).toEqual({ seq: m.seq, clientId: m.clientId });
  }

  const expected = (conversationId: string) =>
    (inDb.get(conversationId) ?? []).map((r) => `${r.seq}:${r.clientId}`);
  const held = async (d: Device, conversationId: string) =>
    (await storedOn(d, conversationId)).map((m) => `${m.seq}:${m.clientId}`);
  let behind: string[] = [];
  await pollUntil(
    async () => {
      behind = [];
      for (const [conversationId, members] of membersOf) {
        const want = expected(conversationId);
        for (const d of members) {
          const has = await held(d, conversationId);
          if (has.join() === want.join()) continue;
          const missing = want.filter((m) => !has.includes(m)).map((m) => m.split(':')[0]);
          behind.push(
            `${d.name} (${d.client.connectionState}): ${has.length} of ${want.length} messages, missing seqs ${missing.join(' ')}`,
          );
        }
      }
      return behind.length === 0;
    },
    'every device to hold every message',
    60_000,
    () => behind.join('\n'),
  );
  for (const [conversationId, members] of membersOf) {
    for (const d of members) expect(await held(d, conversationId), d.name).toEqual(expected(conversationId));
  }
  return { acked: acked.length };
}
