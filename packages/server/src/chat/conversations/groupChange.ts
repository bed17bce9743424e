import type { SystemEvent } from '@liao/protocol';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/database';
import { takePositions } from '../../platform/db/positions';
import type { ConversationMembersTable, ConversationsTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { membershipQueries as q } from '../membership';
import { appendMessages, publishMessages } from '../messages';

/** What a change sees inside its transaction: the conversation and the actor, both locked. */
export interface GroupTx {
  trx: Db;
  conversation: ConversationsTable;
  actor: ConversationMembersTable;
  now: number;
  /** The seq the change's first system line will get. */
  nextSeq: number;
}

/** What a change did, for the runner to number, record and announce. */
export interface GroupOutcome {
  /** System lines, in order; the actor is their sender. */
  lines: SystemEvent[];
  /** Shared state to write on the conversation row (name, owner, count, dissolution). */
  conversation?: q.ConversationChanges;
  /** Members whose own row changed (locked or inserted by the change): their row gets the position. */
  touched?: string[];
  /** Members who are no longer in it: told directly, since the members' fan-out no longer reaches them. */
  departed?: string[];
  /** Roles, nicknames or who is in it changed: members_version moves, clients refetch the list. */
  membersVersion?: boolean;
  /** Who is in it (or who may send) changed: every node's member directory and send rights forget it. */
  memberIds?: boolean;
}

/** The plan of one change: checks (throwing AppError rolls everything back), then row writes, no positions. */
export type GroupPlan = (tx: GroupTx) => Promise<GroupOutcome | null>;

/**
 * Runs one change to a group in one transaction, in the lock order every writer keeps: the
 * conversation row, then member rows (the plan's), then positions (the system lines', or one
 * of its own). The change's position goes on the conversation (all members see it), on the
 * rows of the members it touched, and on members_version when the member list changed. After
 * the commit: the directory forgets the member list, the lines go out as message.new, and
 * conversation.changed reaches every member's devices and those of whoever left.
 * Returns false when the plan found nothing to change.
 */
export async function runGroupChange(
  ctx: AppContext,
  conversationId: string,
  actorId: string,
  plan: GroupPlan,
): Promise<boolean> {
  const result = await ctx.db.transaction().execute(async (trx) => {
    const conversation = await q.lockConversation(trx, conversationId);
    if (!conversation) throw new AppError('CONVERSATION_NOT_FOUND');
    const [actor] = await q.lockMembers(trx, conversationId, [actorId]);
    if (actor?.status !== 'active') throw new AppError('CONVERSATION_NOT_FOUND');
    if (conversation.kind !== 'group') throw new AppError('NOT_A_GROUP');
    if (conversation.dissolved_at !== null) throw new AppError('GROUP_DISSOLVED');
    const now = ctx.now();
    const outcome = await plan({ trx, conversation, actor, now, nextSeq: conversation.last_seq + 1 });
    if (!outcome) return null;

    const { lines } = outcome;
    if (lines.length > 0) {
      // The actor has read what they just did.
      const upTo = conversation.last_seq + lines.length;
      if (actor.read_seq < upTo) {
        await q.updateMember(trx, conversationId, actorId, { read_seq: upTo, marked_unread: 0 });
      }
    }
    await q.updateConversation(trx, conversationId, outcome.conversation ?? {});
    // Positions from here on: only rows already locked or inserted are touched.
    const rows = await appendMessages(
      trx,
      lines.map((event) => ({
        conversationId,
        senderId: actorId,
        clientId: null,
        content: { kind: 'system', event },
      })),
      now,
    );
    let pos = rows.at(-1)?.pos;
    if (pos === undefined) {
      pos = await takePositions(trx, 1);
      await q.setConversationPos(trx, conversationId, pos);
    }
    for (const userId of new Set([...(outcome.touched ?? []), ...(outcome.departed ?? [])])) {
      await q.updateMember(trx, conversationId, userId, { pos });
    }
    if (outcome.membersVersion) await q.updateConversation(trx, conversationId, { members_version: pos });
    return { outcome, rows, pos };
  });
  if (!result) return false;

  const { outcome, rows, pos } = result;
  const changed = { type: 'conversation.changed' as const, conversationId, pos };
  // The directory first, so that the lines below reach the members as they are now.
  if (outcome.memberIds) await ctx.bus.publish({ kind: 'members.changed', conversationId });
  await publishMessages(ctx, rows);
  await ctx.bus.publish({ kind: 'conversation', conversationId, event: changed });
  if (outcome.departed?.length) {
    await ctx.bus.publish({ kind: 'event', userIds: outcome.departed, event: changed });
  }
  return true;
}
