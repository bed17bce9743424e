import { z } from 'zod';
import { Conversation } from './conversations';
import { Message, Pos } from './messages';

/** Newest messages per changed conversation in one sync reply, by default and at most. */
export const SYNC_MESSAGES_DEFAULT = 20;
export const SYNC_MESSAGES_MAX = 100;

export const SyncBody = z.strictObject({
  /** The cursor of the last sync reply, or null for a first sync of this device. */
  cursor: Pos.nullable(),
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
 * the reply was capped: call again with the new cursor.
 */
export const SyncResult = z.object({
  cursor: Pos,
  conversations: z.array(SyncedConversation),
  more: z.boolean(),
});
export type SyncResult = z.infer<typeof SyncResult>;
