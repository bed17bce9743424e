import { sql } from 'kysely';
import type { Db } from '../db/database';
import { AppError } from '../errors';

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

const pairKey = (conversationId: string, senderId: string) => `${conversationId}\n${senderId}`;

/**
 * Why each of these senders may not write where they want to now, keyed by pair; a pair that
 * is allowed is absent. One statement for any number of pairs, so that a group commit checks
 * its whole batch at the cost of one read.
 *
 * The message writer judges its batches again with sendRefusals inside the transaction that
 * numbers the messages, after it has locked their conversation rows, which every change that
 * can take the right away (group changes, unfriending, blocking) locks too. That read sees
 * each such change either whole or not at all.
 */
export async function findSendRefusals(db: Db, pairs: readonly SendPair[]): Promise<Map<string, AppError>> {
  if (pairs.length === 0) return new Map();
  return sendRefusals(pairs, await sendRightsQuery(db, pairs).execute());
}

/** Judges each pair by the rows sendRightsQuery read for them (see findSendRefusals). */
export function sendRefusals(
  pairs: readonly SendPair[],
  rows: readonly SendRightRow[],
): Map<string, AppError> {
  const refusals = new Map<string, AppError>();
  const byPair = new Map(rows.map((row) => [pairKey(row.conversation_id, row.user_id), row]));
  for (const { conversationId, senderId } of pairs) {
    const key = pairKey(conversationId, senderId);
    const refusal = sendRefusal(byPair.get(key));
    if (refusal) refusals.set(key, refusal);
  }
  return refusals;
}

/** The key findSendRefusals uses for a pair. */
export function sendPairKey(pair: SendPair): string {
  return pairKey(pair.conversationId, pair.senderId);
}

/**
 * The rule itself: an active member of a group that still exists, or in a one-to-one chat a
 * friend of the other side who has not blocked them. A stranger to the conversation is told
 * it does not exist, as for an unknown id.
 */
function sendRefusal(row: SendRightRow | undefined): AppError | null {
  if (row?.status !== 'active') return new AppError('CONVERSATION_NOT_FOUND');
  if (row.dissolved_at !== null) return new AppError('GROUP_DISSOLVED');
  if (row.kind !== 'direct') return null;
  if (row.peer_id === null) return new AppError('CONVERSATION_NOT_FOUND');
  if (!row.friends) {
    return new AppError('NOT_FRIENDS', 'You are no longer friends; send a friend request to chat again.');
  }
  if (row.blocked) return new AppError('MESSAGE_REFUSED');
  return null;
}

/**
 * The sender's member row with its conversation and, for one-to-one chats, the friendship and
 * block between the two. Filtering by conversation ids and sender ids separately may return a
 * few rows no pair asked for (a sender who is also in another conversation of the batch);
 * sendRefusals simply ignores them. Built, not run: the message writer on SQLite prepares it
 * once, compiled for one pair, on its own connection.
 */
export function sendRightsQuery(db: Db, pairs: readonly SendPair[]) {
  const conversationIds = [...new Set(pairs.map((p) => p.conversationId))];
  const senderIds = [...new Set(pairs.map((p) => p.senderId))];
  return db
    .selectFrom('conversation_members as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .leftJoin('conversation_members as peer', (join) =>
      join
        .onRef('peer.conversation_id', '=', 'm.conversation_id')
        .onRef('peer.user_id', '!=', 'm.user_id')
        .on('c.kind', '=', 'direct'),
    )
    .leftJoin('friendships as f', (join) =>
      join.onRef('f.user_id', '=', 'm.user_id').onRef('f.friend_id', '=', 'peer.user_id'),
    )
    .leftJoin('blocks as b', (join) =>
      join.onRef('b.user_id', '=', 'peer.user_id').onRef('b.blocked_id', '=', 'm.user_id'),
    )
    .select([
      'm.conversation_id',
      'm.user_id',
      'm.status',
      'c.kind',
      'c.dissolved_at',
      'peer.user_id as peer_id',
      sql<number>`case when f.user_id is null then 0 else 1 end`.as('friends'),
      sql<number>`case when b.user_id is null then 0 else 1 end`.as('blocked'),
    ])
    .where('m.conversation_id', 'in', conversationIds)
    .where('m.user_id', 'in', senderIds);
}
