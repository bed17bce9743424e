import { type Message, OutgoingContent, toValidationIssue } from '@liao/protocol';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from '../connection/backoff';
import { Pacer, type RateWindow } from '../connection/pacer';
import { LiaoError } from '../errors';
import type { LocalStore, OutboxItem } from '../store/types';
import { isRetryable, type Requester } from '../sync/SyncEngine';
import { TypedEmitter } from '../typedEmitter';

export type OutboxEvents = {
  /** The conversation's outbox items changed (added, failed, retried, sent). */
  outbox: [conversationId: string];
  /** An item was acknowledged: the local echo `clientId` is now this stored message. */
  sent: [{ clientId: string; message: Message }];
};

export interface OutboxOptions {
  store: LocalStore;
  request: Requester;
  isOpen: () => boolean;
  /** Stores an acknowledged message before its item is removed (the sync engine's applyLive). */
  onAck: (message: Message) => Promise<void>;
  window: RateWindow;
  backoff?: BackoffOptions;
  /** Conversations sending at once; within one, items go one at a time, oldest first. */
  concurrency?: number;
  newClientId?: () => string;
  now?: () => number;
}

/** Conversations whose oldest item is being sent at the same time. */
const SEND_CONCURRENCY = 4;

/**
 * Messages saved before they are sent (as in matrix-js-sdk src/ToDeviceMessageQueue.ts): each
 * gets its client id and is stored first, shown as a local echo, and sent oldest first in its
 * conversation while the link is open. An ack stores the message and removes the item (zulip's
 * reify_message_id: the echo becomes the message). Network errors and overload are retried with
 * backoff and after every reconnection, which is safe because the server answers a repeated
 * client id with the first ack; a refusal (a 4xx code) marks the item failed until retry().
 */
export class Outbox extends TypedEmitter<OutboxEvents> {
  private readonly items = new Map<string, OutboxItem>();
  private readonly inFlight = new Set<string>();
  private readonly waiting = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly attempts = new Map<string, number>();
  private readonly pacer: Pacer;
  private readonly concurrency: number;
  private lastOrder = 0;
  private stopped = false;

  constructor(private readonly options: OutboxOptions) {
    super();
    this.concurrency = options.concurrency ?? SEND_CONCURRENCY;
    this.pacer = new Pacer(this.concurrency, options.window);
  }

  /** Loads the stored items (those a previous run left unsent); call once, first. */
  async load(): Promise<void> {
    this.items.clear();
    for (const item of await this.options.store.listOutbox()) {
      this.items.set(item.clientId, item);
      this.lastOrder = Math.max(this.lastOrder, item.order);
    }
  }

  /** Items oldest first, of one conversation or all. */
  list(conversationId?: string): OutboxItem[] {
    return [...this.items.values()]
      .filter((item) => conversationId === undefined || item.conversationId === conversationId)
      .sort((a, b) => a.order - b.order);
  }

  /** Items not yet acknowledged or failed. */
  get pending(): number {
    let n = 0;
    for (const item of this.items.values()) if (item.state === 'sending') n++;
    return n;
  }

  /** Saves a text message and sends it when it can; resolves with the saved item (the echo). */
  sendText(conversationId: string, text: string): Promise<OutboxItem> {
    return this.send(conversationId, { kind: 'text', text });
  }

  /**
   * Saves a message of any kind people send (text, an uploaded image) and sends it when it
   * can; resolves with the saved item (the echo). Content the server would refuse is refused
   * here, before anything is saved.
   */
  async send(conversationId: string, outgoing: OutgoingContent): Promise<OutboxItem> {
    const content = OutgoingContent.safeParse(outgoing);
    if (!content.success) {
      // The same issues as the server's VALIDATION_FAILED (rule and limit), for the app to say in words.
      const issues = content.error.issues.slice(0, 20).map(toValidationIssue);
      throw new LiaoError('VALIDATION_FAILED', 400, issues[0]?.message ?? 'Not a valid message.', { issues });
    }
    const now = (this.options.now ?? Date.now)();
    // Increasing even when the clock stalls or steps back, so the order is the order of calls.
    this.lastOrder = Math.max(this.lastOrder + 1, now);
    const item: OutboxItem = {
      clientId: (this.options.newClientId ?? (() => crypto.randomUUID()))(),
      conversationId,
      content: content.data,
      createdAt: now,
      order: this.lastOrder,
      state: 'sending',
    };
    await this.options.store.putOutboxItem(item);
    this.items.set(item.clientId, item);
    this.emit('outbox', conversationId);
    this.pump();
    return item;
  }

  /** Puts a failed item back in line. */
  async retry(clientId: string): Promise<void> {
    const item = this.items.get(clientId);
    if (item?.state !== 'failed') return;
    const again: OutboxItem = { ...item, state: 'sending', error: undefined };
    await this.options.store.putOutboxItem(again);
    this.items.set(clientId, again);
    this.emit('outbox', item.conversationId);
    this.pump();
  }

  /** Drops a failed item (the user gave up on it). Items still sending cannot be taken back. */
  async discard(clientId: string): Promise<boolean> {
    const item = this.items.get(clientId);
    if (item?.state !== 'failed') return false;
    this.items.delete(clientId);
    await this.options.store.removeOutboxItem(clientId);
    this.emit('outbox', item.conversationId);
    return true;
  }

  /**
   * A message of this user was stored: if it is one of ours (sent by this device before a
   * crash, its ack lost), it is delivered and its item goes.
   */
  recognise(message: Message): void {
    const item = message.clientId === null ? undefined : this.items.get(message.clientId);
    if (item && item.conversationId === message.conversationId) void this.settle(item, message);
  }

  /** The link is (re)open: send everything waiting, without waiting for earlier backoffs. */
  onOpen(): void {
    for (const timer of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
    this.attempts.clear();
    this.pump();
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
  }

  private pump(): void {
    if (this.stopped || !this.options.isOpen()) return;
    for (const item of this.list()) {
      if (this.inFlight.size >= this.concurrency) return;
      const conversationId = item.conversationId;
      // Later items of a conversation wait behind its oldest one (in flight or backing off).
      if (item.state !== 'sending' || this.inFlight.has(conversationId) || this.waiting.has(conversationId)) {
        continue;
      }
      this.inFlight.add(conversationId);
      void this.deliver(item);
    }
  }

  private async deliver(item: OutboxItem): Promise<void> {
    const { conversationId, clientId, content } = item;
    try {
      const { message } = await this.pacer.run(() =>
        this.options.request('message.send', { conversationId, clientId, content }),
      );
      await this.options.onAck(message);
      await this.settle(item, message);
      this.attempts.delete(conversationId);
    } catch (error) {
      if (this.items.get(clientId) === item) await this.onFailure(item, error);
    } finally {
      this.inFlight.delete(conversationId);
      this.pump();
    }
  }

  private async onFailure(item: OutboxItem, error: unknown): Promise<void> {
    if (isRetryable(error)) {
      // While the link is down the next open sends it; while it is up, try again after a pause.
      if (this.stopped || !this.options.isOpen()) return;
      const attempt = this.attempts.get(item.conversationId) ?? 0;
      this.attempts.set(item.conversationId, attempt + 1);
      const timer = setTimeout(
        () => {
          this.waiting.delete(item.conversationId);
          this.pump();
        },
        backoffDelay(attempt, this.options.backoff ?? DEFAULT_BACKOFF),
      );
      this.waiting.set(item.conversationId, timer);
      return;
    }
    const code = error instanceof LiaoError ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    const failed: OutboxItem = { ...item, state: 'failed', error: { code, message } };
    this.items.set(item.clientId, failed);
    await this.options.store.putOutboxItem(failed);
    this.emit('outbox', item.conversationId);
  }

  /** The item was delivered as `message`: its echo becomes the message. */
  private async settle(item: OutboxItem, message: Message): Promise<void> {
    if (!this.items.has(item.clientId)) return;
    this.items.delete(item.clientId);
    this.emit('outbox', item.conversationId);
    this.emit('sent', { clientId: item.clientId, message });
    await this.options.store.removeOutboxItem(item.clientId);
  }
}
