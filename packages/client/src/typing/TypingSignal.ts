import { TYPING_REPEAT_MS } from '@liao/protocol';

/** Sends one typing frame: `stopped` false while typing, true once it ends. */
export type SendTyping = (conversationId: string, stopped: boolean) => void;

/**
 * Turns keystrokes into "typing" frames without a burst: the first keystroke in a chat says so
 * at once, later ones at most every TYPING_REPEAT_MS (the other side keeps the line up between
 * them), and the end is said once, only if a start was. Whether a chat shows typing at all (one-
 * to-one chats only) is the server's rule, so this sends for any chat it is told about.
 */
export class TypingSignal {
  /** When each chat's last "typing" frame went out. */
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly send: SendTyping,
    private readonly now: () => number = Date.now,
  ) {}

  /** The person typed in this chat (the text is not empty). */
  typing(conversationId: string): void {
    const at = this.now();
    const last = this.lastSent.get(conversationId);
    if (last !== undefined && at - last < TYPING_REPEAT_MS) return;
    this.lastSent.set(conversationId, at);
    this.send(conversationId, false);
  }

  /** The person stopped: the text emptied, was sent, or the chat was left. */
  stopped(conversationId: string): void {
    if (!this.lastSent.delete(conversationId)) return;
    this.send(conversationId, true);
  }

  /** Forgets every chat without telling anyone (the connection is gone, or the account). */
  reset(): void {
    this.lastSent.clear();
  }
}
