import { RawSocket, type ReplyFrame } from '../rawSocket';
import { pool } from '../stats';
import type { BenchUser } from '../users';

export interface CatchUpResult {
  conversations: number;
  messagesPerConversation: number;
  missed: number;
  received: number;
  syncRequests: number;
  historyRequests: number;
  /** From the reconnect's first request to holding every missed message. */
  seconds: number;
  syncLimit: number;
}

interface SyncReply {
  cursor: number;
  more: boolean;
  resume: { pos: number; conversationId: string } | null;
  conversations: {
    conversation: { id: string; lastSeq: number };
    messages: { seq: number }[];
    limited: boolean;
  }[];
}

const PAGE = 100;
const HISTORY_IN_FLIGHT = 4;

/**
 * Catch-up after a day offline: `me` syncs, goes away while every friend sends
 * `perConversation` messages into their chat, then comes back: one sync from the cursor, then
 * history pages (a few at a time, as the SDK does) wherever the reply was `limited`.
 */
export async function measureCatchUp(
  url: string,
  me: BenchUser,
  friends: { user: BenchUser; conversationId: string }[],
  perConversation: number,
  syncLimit: number,
): Promise<CatchUpResult> {
  const before = await RawSocket.open(url, me.token);
  const base = await syncAll(before, null, syncLimit);
  before.close();

  const senders = await Promise.all(friends.map((f) => RawSocket.open(url, f.user.token)));
  let counter = 0;
  await pool(
    friends.map((f, i) => ({ f, socket: senders[i] as RawSocket })),
    64,
    async ({ f, socket }) => {
      for (let k = 0; k < perConversation; k++) {
        const reply = await socket.request('message.send', {
          conversationId: f.conversationId,
          clientId: `catchup${++counter}x${k}`,
          content: { kind: 'text', text: `missed ${k}` },
        });
        if (!reply.ok) throw new Error(`send refused: ${reply.error?.code}`);
      }
    },
  );
  for (const s of senders) s.close();

  const socket = await RawSocket.open(url, me.token);
  const started = performance.now();
  const have = new Map<string, Set<number>>();
  let syncRequests = 0;
  let historyRequests = 0;
  const gaps: { conversationId: string; before: number; after: number }[] = [];
  const cursor: number | null = base.cursor;
  let resume: SyncReply['resume'] = null;
  for (;;) {
    syncRequests++;
    const reply = (await expectOk(
      socket.request('sync', { cursor, limit: syncLimit, ...(resume ? { resume } : {}) }),
    )) as unknown as SyncReply;
    for (const c of reply.conversations) {
      const seqs = have.get(c.conversation.id) ?? new Set<number>();
      for (const m of c.messages) seqs.add(m.seq);
      have.set(c.conversation.id, seqs);
      const first = c.messages[0]?.seq;
      const known = base.lastSeqs.get(c.conversation.id) ?? 0;
      if (c.limited && first !== undefined)
        gaps.push({ conversationId: c.conversation.id, before: first, after: known });
    }
    resume = reply.resume;
    if (!reply.more) break;
  }
  await pool(gaps, HISTORY_IN_FLIGHT, async (gap) => {
    let before = gap.before;
    while (before > gap.after + 1) {
      historyRequests++;
      const reply = await expectOk(
        socket.request('history', { conversationId: gap.conversationId, before, limit: PAGE }),
      );
      const page = (reply as { messages: { seq: number }[] }).messages;
      const seqs = have.get(gap.conversationId) as Set<number>;
      for (const m of page) if (m.seq > gap.after) seqs.add(m.seq);
      const oldest = page[0]?.seq;
      if (oldest === undefined) break;
      before = oldest;
    }
  });
  const seconds = (performance.now() - started) / 1000;
  socket.close();
  let received = 0;
  for (const f of friends) {
    const known = base.lastSeqs.get(f.conversationId) ?? 0;
    for (const seq of have.get(f.conversationId) ?? []) if (seq > known) received++;
  }
  return {
    conversations: friends.length,
    messagesPerConversation: perConversation,
    missed: friends.length * perConversation,
    received,
    syncRequests,
    historyRequests,
    seconds: Math.round(seconds * 1000) / 1000,
    syncLimit,
  };
}

async function syncAll(socket: RawSocket, from: number | null, limit: number) {
  const lastSeqs = new Map<string, number>();
  let resume: SyncReply['resume'] = null;
  for (;;) {
    const reply = (await expectOk(
      socket.request('sync', { cursor: from, limit, ...(resume ? { resume } : {}) }),
    )) as unknown as SyncReply;
    for (const c of reply.conversations) lastSeqs.set(c.conversation.id, c.conversation.lastSeq);
    resume = reply.resume;
    if (!reply.more) return { cursor: reply.cursor, lastSeqs };
  }
}

async function expectOk(reply: Promise<ReplyFrame>): Promise<Record<string, unknown>> {
  const frame = await reply;
  if (!frame.ok || !frame.result)
    throw new Error(`request refused: ${frame.error?.code} ${frame.error?.message}`);
  return frame.result;
}
