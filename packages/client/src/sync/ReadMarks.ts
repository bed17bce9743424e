import { isRetryable } from './retry';

/** How long read marks gather before one request per conversation goes out. */
const READ_DEBOUNCE_MS = 300;

/** What the read marks need from the engine around them. */
export interface ReadMarkHost {
  /** Sends one read request (paced with the other history requests); the server's mark back. */
  send(conversationId: string, seq: number): Promise<{ readSeq: number }>;
  /** The server took the mark up to `readSeq`: store it. */
  confirmed(conversationId: string, readSeq: number): Promise<void>;
  /** Counts the work for whenIdle. */
  track<T>(promise: Promise<T>): Promise<T>;
}

/**
 * The user's read marks on their way to the server: gathered for a moment so that a reader's
 * quick successive marks make one request per conversation, kept for the next open when the
 * link is down, and sent at once when a change must follow them (sendPending).
 */
export class ReadMarks {
  private readonly pending = new Map<string, number>();
  /** Read requests on their way, per conversation (a mark unread waits for them). */
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly host: ReadMarkHost) {}

  /** Queues a mark (the highest wins) to go out after the pause. */
  add(conversationId: string, seq: number): void {
    this.keep(conversationId, seq);
    this.schedule(READ_DEBOUNCE_MS);
  }

  /** The link is open again: send what waited. */
  onOpen(): void {
    if (this.pending.size > 0) this.schedule(0);
  }

  /**
   * Sends the mark still waiting (or on its way) for this conversation and resolves once the
   * server has it. Rejects when it could not be sent but will be again.
   */
  async sendPending(conversationId: string): Promise<void> {
    await this.inFlight.get(conversationId)?.catch(() => {});
    const seq = this.pending.get(conversationId);
    if (seq === undefined) return;
    this.pending.delete(conversationId);
    try {
      await this.host.track(this.sendOne(conversationId, seq));
    } catch (error) {
      if (isRetryable(error)) throw error;
    }
  }

  /** Drops every mark not sent yet and the timer (the account's data is going, or the client). */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }

  private keep(conversationId: string, seq: number): void {
    this.pending.set(conversationId, Math.max(this.pending.get(conversationId) ?? 0, seq));
  }

  private schedule(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.host.track(this.flush());
    }, delayMs);
  }

  private async flush(): Promise<void> {
    const marks = [...this.pending];
    this.pending.clear();
    await Promise.all(
      marks.map(([conversationId, seq]) => this.sendOne(conversationId, seq).catch(() => {})),
    );
  }

  /** One read request; a retryable failure puts the mark back for the next open, and rethrows. */
  private sendOne(conversationId: string, seq: number): Promise<void> {
    // Started a turn later, so that it is listed as on its way before the request leaves.
    const sending = Promise.resolve().then(async () => {
      try {
        const { readSeq } = await this.host.send(conversationId, seq);
        await this.host.confirmed(conversationId, readSeq);
      } catch (error) {
        // Not sent: try again on the next open, unless the server refused it for good.
        if (isRetryable(error)) this.keep(conversationId, seq);
        throw error;
      }
    });
    this.inFlight.set(conversationId, sending);
    const forget = () => {
      if (this.inFlight.get(conversationId) === sending) this.inFlight.delete(conversationId);
    };
    sending.then(forget, forget);
    return sending;
  }
}
