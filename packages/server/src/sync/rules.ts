import type { SyncBody, SyncedConversation, SyncResult } from '@liao/protocol';
import type { z } from 'zod';
import type { AppContext } from '../context';
import { toConversation, visibleLastSeq } from '../conversations/present';
import { toMessage } from '../messages/present';
import { newestMessages } from '../messages/queries';
import type { Auth } from '../sessions/rules';
import { type ChangedRow, listChangedConversations, peerMembers } from './queries';

/** Caps on one reply; past either, `more` says to call again from the new cursor. */
const MAX_CONVERSATIONS = 500;
const MAX_MESSAGES = 10_000;

/**
 * Everything that changed for the user since the cursor, in one reply: each changed
 * conversation with the member's state and its newest changed messages (`limited` where older
 * missed ones exist). The new cursor is the highest change position the reply covers; a
 * position read here implies every lower one was readable too (see db/positions.ts).
 */
export async function doSync(
  ctx: AppContext,
  auth: Auth,
  body: z.output<typeof SyncBody>,
): Promise<SyncResult> {
  const { cursor, limit } = body;
  const rows = await listChangedConversations(
    ctx.db,
    ctx.store.dialect,
    auth.userId,
    cursor,
    MAX_CONVERSATIONS + 1,
  );
  let more = rows.length > MAX_CONVERSATIONS;
  const taken = more ? cutAtChange(rows, MAX_CONVERSATIONS) : rows;
  const directIds = taken.filter((r) => r.conversation.kind === 'direct').map((r) => r.conversation.id);
  const peers = await peerMembers(ctx.db, directIds, auth.userId);

  const conversations: SyncedConversation[] = [];
  let newCursor = cursor ?? 0;
  let messageCount = 0;
  for (const row of taken) {
    const { conversation: c, member: m } = row;
    const newest = await newestMessages(ctx.db, c.id, m.first_seq, visibleLastSeq(c, m), limit + 1);
    // Within a conversation, positions grow with seq: the newest rows are the changed ones.
    const changed = cursor === null ? newest : newest.filter((r) => r.pos > cursor);
    if (messageCount > 0 && messageCount + changed.length > MAX_MESSAGES && row.changePos > newCursor) {
      more = true;
      break;
    }
    const peer = c.kind === 'direct' ? peers.get(c.id) : undefined;
    const lastRow = newest[0];
    conversations.push({
      conversation: toConversation(c, m, {
        lastMessage: lastRow ? toMessage(lastRow) : null,
        peerId: peer?.user_id ?? null,
        peerReadSeq: peer ? peer.read_seq : null,
      }),
      messages: changed.slice(0, limit).reverse().map(toMessage),
      limited: changed.length > limit,
    });
    messageCount += Math.min(changed.length, limit);
    newCursor = Math.max(newCursor, row.changePos);
  }
  return { cursor: newCursor, conversations, more };
}

/**
 * The first `max` rows, less any at the end that share their change position with the first
 * row left out, so that the cursor never passes a change that is not in the reply.
 */
function cutAtChange(rows: ChangedRow[], max: number): ChangedRow[] {
  const boundary = rows[max]?.changePos;
  let end = max;
  while (end > 0 && rows[end - 1]?.changePos === boundary) end--;
  return rows.slice(0, end > 0 ? end : max);
}
