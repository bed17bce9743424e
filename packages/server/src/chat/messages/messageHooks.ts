import type { MessagesTable } from '../../platform/db/schema';
import { Listeners } from '../../platform/listeners';

/** A member's read mark that moved forward and committed. */
export interface ReadMark {
  conversationId: string;
  userId: string;
  /** The device that read (its own notifications are its page's to close). */
  sessionId: string;
  readSeq: number;
}

/**
 * What the layers above messages (features: push) do when messages are stored or read,
 * registered here because chat may not know them.
 * - `committed` runs after each group commit of the writer, with the messages it stored (not
 *   resends). It runs on the send path, unawaited by it: a listener must decide fast whether
 *   it cares (thousands of messages a second pass here) and do anything slower on its own time.
 * - `read` runs after a read mark moved forward and committed.
 */
export class MessageHooks {
  readonly committed = new Listeners<[rows: readonly MessagesTable[]]>();
  readonly read = new Listeners<[mark: ReadMark]>();
}
