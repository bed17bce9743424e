import { sql } from 'kysely';
import type { Db } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import { type SendPair, sendRefusals } from './sendRule';

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
  const refusals = sendRefusals(pairs, await sendRightsQuery(db, pairs).execute());
  return new Map([...refusals].map(([key, r]) => [key, new AppError(r.code, r.message)]));
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
