import type { ErrorCode } from '@liao/protocol';

/**
 * The rule for who may write where, as plain functions of the rows the store read: shared by
 * the request path (sendRights.ts) and the SQLite writer's thread, which imports nothing
 * heavier than this (no kysely, no zod), so that the thread starts in milliseconds.
 */

/** A sender and the conversation they write to. */
export interface SendPair {
  conversationId: string;
  senderId: string;
}

/** What decides whether one sender may write to one conversation, as the store has it now. */
export interface SendRightRow {
  conversation_id: string;
  user_id: string;
  status: string;
  kind: string;
  dissolved_at: number | null;
  /** In a one-to-one chat: the other member, whether the sender has them as a friend, whether they block the sender. */
  peer_id: string | null;
  friends: number;
  blocked: number;
}

/** Why a send is refused: a stable code, and a text where the code's own is not enough. */
export interface SendRefusal {
  code: ErrorCode;
  message?: string;
}

const pairKey = (conversationId: string, senderId: string) => `${conversationId}\n${senderId}`;

/** The key sendRefusals uses for a pair. */
export function sendPairKey(pair: SendPair): string {
  return pairKey(pair.conversationId, pair.senderId);
}

/** Judges each pair by the rows sendRightsQuery read for them; a pair that is allowed is absent. */
export function sendRefusals(
  pairs: readonly SendPair[],
  rows: readonly SendRightRow[],
): Map<string, SendRefusal> {
  const refusals = new Map<string, SendRefusal>();
  const byPair = new Map(rows.map((row) => [pairKey(row.conversation_id, row.user_id), row]));
  for (const { conversationId, senderId } of pairs) {
    const key = pairKey(conversationId, senderId);
    const refusal = sendRefusal(byPair.get(key));
    if (refusal) refusals.set(key, refusal);
  }
  return refusals;
}

/**
 * The rule itself: an active member of a group that still exists, or in a one-to-one chat a
 * friend of the other side who has not blocked them. A stranger to the conversation is told
 * it does not exist, as for an unknown id.
 */
function sendRefusal(row: SendRightRow | undefined): SendRefusal | null {
  if (row?.status !== 'active') return { code: 'CONVERSATION_NOT_FOUND' };
  if (row.dissolved_at !== null) return { code: 'GROUP_DISSOLVED' };
  if (row.kind !== 'direct') return null;
  if (row.peer_id === null) return { code: 'CONVERSATION_NOT_FOUND' };
  if (!row.friends) {
    return {
      code: 'NOT_FRIENDS',
      message: 'You are no longer friends; send a friend request to chat again.',
    };
  }
  if (row.blocked) return { code: 'MESSAGE_REFUSED' };
  return null;
}
