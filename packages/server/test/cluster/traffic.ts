import type { Message } from '@liao/protocol';
import { pollUntil } from '../support/poll';
import type { Device } from './people';

/**
 * A device that keeps sending through its outbox, as a person typing would: one message every
 * `intervalMs`, taking its conversations in turn. Every acknowledgement is recorded by client
 * id; the outbox resends across reconnections, so a send never needs a second call.
 */
export class Sender {
  /** client id → the message the server acknowledged. */
  readonly acked = new Map<string, Message>();
  /** Messages handed to the outbox. */
  enqueued = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly offSent: () => void;

  constructor(
    readonly device: Device,
    private readonly conversations: string[],
    private readonly intervalMs: number,
  ) {
    this.offSent = device.client.on('sent', ({ clientId, message }) => {
      if (conversations.includes(message.conversationId)) this.acked.set(clientId, message);
    });
  }

  start(): void {
    this.timer ??= setInterval(() => void this.sendOne(), this.intervalMs);
  }

  /** Hands the next message to the outbox now (resolves once it is saved, not sent). */
  async sendOne(): Promise<void> {
    const conversationId = this.conversations[this.enqueued % this.conversations.length] as string;
    this.enqueued++;
    await this.device.client.sendText(conversationId, `${this.device.name} #${this.enqueued}`);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  dispose(): void {
    this.stop();
    this.offSent();
  }
}

/** Lets every sender hand `count` more messages to its outbox (the load of one phase). */
export function sendMore(senders: Sender[], count: number, timeoutMs = 30_000): Promise<void> {
  const targets = senders.map((s) => s.enqueued + count);
  return pollUntil(
    () => senders.every((s, i) => s.enqueued >= (targets[i] ?? 0)),
    `${count} more sends`,
    timeoutMs,
  );
}

/** Waits until every sender has `count` more acknowledgements than now: the cluster takes work. */
export function ackedMore(senders: Sender[], count: number, timeoutMs: number): Promise<void> {
  const targets = senders.map((s) => s.acked.size + count);
  return pollUntil(
    () => senders.every((s, i) => s.acked.size >= (targets[i] ?? 0)),
    `${count} more acknowledgements from every sender`,
    timeoutMs,
    () => senders.map((s) => `${s.device.name}: ${s.acked.size} acked of ${s.enqueued}`).join('\n'),
  );
}
