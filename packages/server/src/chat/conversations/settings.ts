import type { Auth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import { fromBool } from '../../platform/db/dialect';
import { takePositions } from '../../platform/db/positions';
import type { ConversationMembersTable, ConversationsTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { membershipQueries as q, visibleLastSeq } from '../membership';

/*
 * The viewer's own side of a conversation: pinned, muted, marked unread, the draft, and deleting
 * it from the list. Each changes only the viewer's member row; the viewer's other devices follow through
 * conversation.changed. They stay open to someone who left or was removed (it is their list).
 */

export interface OwnSettings {
  pinned?: boolean | undefined;
  markedUnread?: boolean | undefined;
  muted?: boolean | undefined;
  draft?: string | undefined;
}

/**
 * Writes a change to the caller's own member row in one transaction (conversation row first,
 * as every writer locks it, then the member row, then a position) and tells the caller's
 * devices. `change` returns the row's changes, or null when there is nothing to change.
 */
async function changeOwnRow(
  ctx: AppContext,
  userId: string,
  conversationId: string,
  change: (c: ConversationsTable, m: ConversationMembersTable) => q.MemberChanges | null,
): Promise<void> {
  const pos = await ctx.db.transaction().execute(async (trx) => {
    const conversation = await q.lockConversation(trx, conversationId);
    const [member] = await q.lockMembers(trx, conversationId, [userId]);
    if (!conversation || !member) throw new AppError('CONVERSATION_NOT_FOUND');
    const changes = change(conversation, member);
    if (!changes) return null;
    await q.updateMember(trx, conversationId, userId, changes);
    const p = await takePositions(trx, 1);
    await q.updateMember(trx, conversationId, userId, { pos: p });
    return p;
  });
  if (pos === null) return;
  await ctx.bus.publish({
    kind: 'event',
    userIds: [userId],
    event: { type: 'conversation.changed', conversationId, pos },
  });
}

/**
 * Pins, mutes, marks unread or keeps a draft for the caller (any of them; unchanged values change
 * nothing).
 */
export async function doUpdateOwnSettings(
  ctx: AppContext,
  auth: Auth,
  conversationId: string,
  settings: OwnSettings,
): Promise<void> {
  await changeOwnRow(ctx, auth.userId, conversationId, (_c, m) => {
    const changes: q.MemberChanges = {};
    if (settings.pinned !== undefined && fromBool(settings.pinned) !== m.pinned) {
      changes.pinned = fromBool(settings.pinned);
    }
    if (settings.markedUnread !== undefined && fromBool(settings.markedUnread) !== m.marked_unread) {
      changes.marked_unread = fromBool(settings.markedUnread);
    }
    if (settings.muted !== undefined && fromBool(settings.muted) !== m.muted) {
      changes.muted = fromBool(settings.muted);
    }
    if (settings.draft !== undefined && settings.draft !== m.draft) {
      changes.draft = settings.draft;
      changes.draft_updated_at = ctx.now();
    }
    return Object.keys(changes).length > 0 ? changes : null;
  });
}

/**
 * Deletes the conversation from the caller's list: hidden until a newer message arrives, and
 * the history so far cleared from the caller's view (others keep theirs).
 */
export async function doHideConversation(ctx: AppContext, auth: Auth, conversationId: string): Promise<void> {
  await changeOwnRow(ctx, auth.userId, conversationId, (c, m) => {
    const upTo = visibleLastSeq(c, m);
    if (m.hidden_seq === upTo && m.first_seq > upTo && m.marked_unread === 0) return null;
    // Nothing is left to read, so a hand-made unread mark goes with the history.
    return { hidden_seq: upTo, first_seq: Math.max(m.first_seq, upTo + 1), marked_unread: 0 };
  });
}

/**
 * Puts a chat the caller deleted from their list back in it, as opening it from a contact's card
 * does in WeChat; the history the deletion cleared stays cleared.
 */
export async function doShowConversation(
  ctx: AppContext,
  userId: string,
  conversationId: string,
): Promise<void> {
  await changeOwnRow(ctx, userId, conversationId, (_c, m) =>
    m.hidden_seq === null ? null : { hidden_seq: null },
  );
}
