import type { Message, RequestBody, RequestOp, RequestResult } from '@liao/protocol';

/** Asks the server over the live connection (LiaoClient.request). */
export type Requester = <Op extends RequestOp>(op: Op, body: RequestBody<Op>) => Promise<RequestResult<Op>>;

export interface SyncOptions {
  /** Newest messages per changed conversation in a sync reply (1–100); older ones are paged. */
  limit?: number;
  /**
   * Fetch every missed message right after each sync, instead of only when the app pages
   * backwards with loadOlder. Bots and tests that must hold the whole history want this.
   */
  fillGaps?: boolean;
  /** History requests in flight at once. */
  historyConcurrency?: number;
}

export type SyncEvents = {
  /** A conversation's state changed, or one was added. */
  conversations: [];
  /** A conversation's stored messages changed. */
  messages: [conversationId: string];
  /** Messages were stored (the outbox recognises its own among them). */
  stored: [messages: readonly Message[]];
  /** A sync finished: everything up to this cursor is stored. */
  synced: [cursor: number];
};
