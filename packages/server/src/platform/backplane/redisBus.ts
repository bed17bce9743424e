import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { BusMessage, EventBus } from '../bus/eventBus';
import { guarded } from './redisConnection';

/*
 * The cluster's event bus: Redis pub/sub on one channel per key prefix, JSON messages.
 *
 * Why pub/sub and not streams: bus messages are hints (deliver this event, forget that cached
 * member list); the database is the truth, and a client catches up from it through sync. Pub/sub
 * costs nothing per message once delivered (no log to trim, no per-node read cursor) and
 * fans out in one write per subscriber. What it lacks is replay: a subscriber whose link drops
 * misses what was published meanwhile. Streams would replay from the last id read, but only
 * as far back as the stream was trimmed, so an outage longer than the kept window needs the
 * same recovery anyway; and holding every event for every node costs memory in Redis. So the
 * bus only has to notice the gap and say so (onGap): the node drops the caches the missed
 * messages might have invalidated and asks its clients to reconnect and sync, which is the
 * path every client already takes after a network change. One recovery path, exercised.
 *
 * Ordering: every node receives every message in the one order Redis gave them, including its
 * own (a node hears its messages back from Redis rather than delivering them directly), so
 * each publisher's messages arrive everywhere in the order it published them.
 */

/** What goes over the wire: the message and who sent it, numbered per sender. */
interface Envelope {
  /** The publishing bus instance (random per process start). */
  o: string;
  /** Its sequence number, to tell the publisher when its own subscribers have had it. */
  n: number;
  m: BusMessage;
}

/**
 * How long publish waits for its own message to come back before resolving anyway. It comes
 * back within a round trip; it can only be lost when the subscriber link dropped, and then
 * the gap that follows redoes what it would have done.
 */
const ECHO_TIMEOUT_MS = 2000;
/**
 * Messages that could not be published while Redis was out of reach, kept to be published
 * once it is back, up to this many (the oldest are dropped past it).
 */
const MAX_UNSENT = 10_000;

export interface RedisBusOptions {
  /** The connection for PUBLISH (shared with other commands). */
  publisher: Redis;
  /** A connection of its own, in subscriber mode (it can do nothing else). */
  subscriber: Redis;
  /** The channel; keyPrefix does not apply to channels, so the caller includes the prefix. */
  channel: string;
  log: Logger;
}

/** Subscribes (waiting for the subscription to be live), then returns the bus. */
export async function createRedisBus(options: RedisBusOptions): Promise<EventBus> {
  const { publisher, subscriber, channel, log } = options;
  const origin = randomUUID();
  const handlers = new Set<(message: BusMessage) => void>();
  const gapHandlers = new Set<() => void>();
  /** Our own publishes waiting to come back, by sequence number. */
  const echoes = new Map<number, () => void>();
  let sequence = 0;
  let closed = false;
  /** Set when the subscriber link drops after having been subscribed: messages may be lost. */
  let missed = false;
  /**
   * Published while Redis was away, oldest first. The caller was told (the publish rejected,
   * so its client hears UNAVAILABLE), but what it published has usually been committed: a
   * stored message, a member removed. This node's own devices catch up through the gap; the
   * other nodes, which may never have lost Redis, learn of it only from here.
   */
  const unsent: string[] = [];
  let flushing = false;

  function settleEchoesUpTo(n: number): void {
    for (const [seq, settle] of echoes) if (seq <= n) settle();
  }

  function settleAllEchoes(): void {
    for (const settle of [...echoes.values()]) settle();
  }

  function onMessage(from: string, text: string): void {
    if (from !== channel) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch (error) {
      log.error({ err: error }, 'bus: a message that is not JSON was dropped');
      return;
    }
    let message = envelope.m;
    // Connection ids are only unique on their own node: another node's must not skip one here.
    if (envelope.o !== origin && 'exceptConnId' in message && message.exceptConnId !== undefined) {
      message = { ...message, exceptConnId: undefined };
    }
    for (const handler of handlers) {
      try {
        handler(message);
      } catch (error) {
        log.error({ err: error, kind: message.kind }, 'bus: a subscriber failed');
      }
    }
    if (envelope.o === origin) settleEchoesUpTo(envelope.n);
  }

  async function resubscribe(): Promise<void> {
    try {
      await subscriber.subscribe(channel);
    } catch (error) {
      // The link dropped again before the subscription took: the next `ready` tries again.
      log.warn({ err: error }, 'bus: resubscribing failed');
      return;
    }
    if (!missed) return;
    missed = false;
    log.warn('bus: the link to Redis dropped and came back; messages may have been missed');
    for (const handler of gapHandlers) {
      try {
        handler();
      } catch (error) {
        log.error({ err: error }, 'bus: a gap handler failed');
      }
    }
  }

  subscriber.on('message', onMessage);
  subscriber.on('close', () => {
    if (closed) return;
    missed = true;
    // Whatever was on its way back to us is lost with the link; the gap redoes its effect.
    settleAllEchoes();
  });
  subscriber.on('ready', () => {
    if (!closed && missed) void resubscribe();
  });
  publisher.on('ready', () => void flushUnsent());

  /** Publishes what was kept during an outage, in order; stops at the first failure (the next `ready` goes on). */
  async function flushUnsent(): Promise<void> {
    if (flushing || closed) return;
    flushing = true;
    const count = unsent.length;
    try {
      while (unsent.length > 0 && !closed) {
        await publisher.publish(channel, unsent[0] as string);
        unsent.shift();
      }
      if (count > 0) log.info({ count }, 'bus: published what was kept while Redis was away');
    } catch (error) {
      log.warn(
        { err: error, left: unsent.length },
        'bus: publishing what was kept failed; trying again on the next link',
      );
    } finally {
      flushing = false;
    }
  }

  function keepUnsent(text: string): void {
    unsent.push(text);
    if (unsent.length > MAX_UNSENT) {
      unsent.shift();
      log.error(
        { kept: MAX_UNSENT },
        'bus: too much left unpublished during the outage; the oldest is dropped',
      );
    }
  }
  await guarded(() => subscriber.subscribe(channel));

  return {
    async publish(message) {
      if (closed) throw new Error('bus closed');
      const n = ++sequence;
      const text = JSON.stringify({ o: origin, n, m: message } satisfies Envelope);
      let settle!: () => void;
      const echoed = new Promise<void>((resolve) => {
        const timer = setTimeout(() => settle(), ECHO_TIMEOUT_MS);
        timer.unref();
        settle = () => {
          clearTimeout(timer);
          echoes.delete(n);
          resolve();
        };
      });
      echoes.set(n, settle);
      let receivers: number;
      try {
        receivers = await guarded(() => publisher.publish(channel, text));
      } catch (error) {
        settle();
        keepUnsent(text);
        throw error;
      }
      // Our own subscriber is between links (no receiver at all, or the link is down): nothing
      // will come back, and the gap that follows redoes what the message would have done.
      if (receivers === 0 || missed) settle();
      await echoed;
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    onGap(handler) {
      gapHandlers.add(handler);
      return () => gapHandlers.delete(handler);
    },
    async close() {
      closed = true;
      settleAllEchoes();
      handlers.clear();
      gapHandlers.clear();
      subscriber.off('message', onMessage);
      if (subscriber.status === 'ready') await subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
}
