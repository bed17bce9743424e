import { z } from 'zod';
import { Id } from './common';
import { Conversation } from './conversations';
import { Message, Pos } from './messages';

/** Where a split reply continues: after this conversation in change order. */
export const SyncResume = z.strictObject({ pos: Pos, conversationId: Id });
export type SyncResume = z.infer<typeof SyncResume>;

/** Newest messages per changed conversation in one sync reply, by default and at most. */
export const SYNC_MESSAGES_DEFAULT = 20;
export const SYNC_MESSAGES_MAX = 100;

export const SyncBody = z.strictObject({
  /** The cursor of the last sync reply, or null for a first sync of this device. */
  cursor: Pos.nullable(),
  /** The `resume` of the previous reply when it said `more` (with the same cursor). */
  resume: SyncResume.optional(),
  limit: z.number().int().min(1).max(SYNC_MESSAGES_MAX).default(SYNC_MESSAGES_DEFAULT),
});
export type SyncBody = z.input<typeof SyncBody>;

export const SyncedConversation = z.object({
  conversation: Conversation,
  /** The newest messages changed since the cursor, oldest first, at most `limit`. */
  messages: z.array(Message),
  /** Older missed messages exist before `messages`: page backwards to fill the gap. */
  limited: z.boolean(),
});
export type SyncedConversation = z.infer<typeof SyncedConversation>;

/**
 * Everything that changed for the user since the cursor, in one reply. `more` is true when
 * the reply was capped: call again with the same cursor and this reply's `resume`, until a
 * reply without `more` gives the new cursor. (A split reply keeps the old cursor, so that a
 * device interrupted in the middle starts again from where nothing was missed.)
 */
export const SyncResult = z.object({
  /** The new cursor; in a split reply (`more`), the cursor that was sent (0 for none). */
  cursor: Pos,
  resume: SyncResume.nullable(),
  conversations: z.array(SyncedConversation),
  more: z.boolean(),
});
export type SyncResult = z.infer<typeof SyncResult>;
