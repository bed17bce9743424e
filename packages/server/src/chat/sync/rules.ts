import type { SyncBody, SyncedConversation, SyncResult, SyncResume } from '@liao/protocol';
import type { z } from 'zod';
import type { Auth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import { readPosition } from '../../platform/db/positions';
import { AppError } from '../../platform/errors';
import { toConversation, unreadCountOf, visibleLastSeq } from '../membership';
import { newestMessages, presented, toMessage } from '../messages';
import { listChangedConversations, peerMembers } from './queries';

/** Conversations in one reply; past this, `more` says to continue from `resume`. */
const MAX_CONVERSATIONS = 500;
/**
 * About this many bytes of messages in one reply (estimated from their stored content), so
 * that a reply never comes near the gateway's slow-reader limit.
 */
const MAX_REPLY_BYTES = 2 * 1024 * 1024;
/** Per message beyond its content: ids, numbers and field names in the reply's JSON. */
const MESSAGE_OVERHEAD_BYTES = 220;

/**
 * Everything that changed for the user since the cursor: each changed conversation with the
 * member's state and its newest messages changed since the cursor (`limited` where older
 * changed ones exist). A reply that would be too large stops after a conversation and says
 * `more`, with a `resume` point and the cursor unchanged: its continuations still filter by the
 * original cursor, so nothing changed since it is skipped. The last reply's cursor is the
 * highest change position it covered; a position read here implies every lower one was
 * readable too (see db/positions.ts).
 */
export async function doSync(
  ctx: AppContext,
  auth: Auth,
  body: z.output<typeof SyncBody>,
): Promise<SyncResult> {
  const { cursor, limit, resume } = body;
  await checkCursorKnown(ctx, Math.max(cursor ?? 0, resume?.pos ?? 0));
  const rows = await listChangedConversations(
    ctx.db,
    ctx.store.dialect,
    auth.userId,
    cursor,
    resume,
    MAX_CONVERSATIONS + 1,
  );
  const directIds = rows.filter((r) => r.conversation.kind === 'direct').map((r) => r.conversation.id);
  const peers = await peerMembers(ctx.db, directIds, auth.userId);

  const conversations: SyncedConversation[] = [];
  let covered = resume?.pos ?? cursor ?? 0;
  let next: SyncResume | null = null;
  let bytes = 0;
  for (const [index, row] of rows.entries()) {
    const { conversation: c, member: m } = row;
    if (index === MAX_CONVERSATIONS) {
      next = lastOf(conversations, covered);
      break;
    }
    const newest = await newestMessages(ctx.db, c.id, m.first_seq, visibleLastSeq(c, m), limit + 1);
    // Within a conversation, positions grow with seq: the newest rows are the changed ones.
    const changed = cursor === null ? newest : newest.filter((r) => r.pos > cursor);
    const given = changed.slice(0, limit);
    const size = given.reduce((n, r) => n + MESSAGE_OVERHEAD_BYTES + r.content.length, 0);
    if (conversations.length > 0 && bytes + size > MAX_REPLY_BYTES) {
      next = lastOf(conversations, covered);
      break;
    }
    bytes += size;
    const peer = c.kind === 'direct' ? peers.get(c.id) : undefined;
    const lastRow = newest[0];
    conversations.push({
      conversation: toConversation(c, m, {
        lastMessage: lastRow ? ((await presented(ctx, [toMessage(lastRow)]))[0] ?? null) : null,
        peerId: peer?.user_id ?? null,
        peerReadSeq: peer ? peer.read_seq : null,
        unreadCount: await unreadCountOf(ctx.db, c, m, newest),
      }),
      messages: await presented(ctx, given.reverse().map(toMessage)),
      limited: changed.length > limit,
    });
    covered = Math.max(covered, row.changePos);
  }
  if (next) return { cursor: cursor ?? 0, resume: next, conversations, more: true };
  return { cursor: covered, resume: null, conversations, more: false };
}

/**
 * Refuses a cursor past every position the store has taken: it was not given by this store as
 * it is now (the server was restored from a backup taken before it, or the cursor was made
 * up). Echoing it back would leave the device deaf to every change until positions caught up
 * with it; SYNC_CURSOR_UNKNOWN tells it to start again from null, as Matrix does for a since
 * token it does not know.
 */
async function checkCursorKnown(ctx: AppContext, position: number): Promise<void> {
  if (position > (await readPosition(ctx.db))) {
    throw new AppError(
      'SYNC_CURSOR_UNKNOWN',
      'This server does not know that sync cursor; sync again from null.',
    );
  }
}

/** The resume point after the last conversation given (its change position and id). */
function lastOf(conversations: SyncedConversation[], covered: number): SyncResume {
  const last = conversations.at(-1);
  return { pos: covered, conversationId: last?.conversation.id ?? '' };
}
