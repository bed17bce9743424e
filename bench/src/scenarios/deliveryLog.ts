import { sleep } from '../stats';

/** How often the send loop wakes to send what the clock says is due. */
const TICK_MS = 10;

/**
 * Sends `rate` messages a second for `seconds` on a schedule that follows the clock, not the
 * loop's pace: each tick sends every message due by now (`send(n)` for the n-th, from 1).
 * Resolves with how many were sent and how long sending took. Shared by every one-to-one
 * load loop (Liao, the bare relay, the XMPP peers), so that they offer load the same way.
 */
export async function sendOnSchedule(
  rate: number,
  seconds: number,
  send: (n: number) => void,
): Promise<{ count: number; started: number; sendSeconds: number }> {
  let count = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    const due = Math.floor(((performance.now() - started) * rate) / 1000);
    while (count < due) send(++count);
    await sleep(TICK_MS);
  }
  return { count, started, sendSeconds: (performance.now() - started) / 1000 };
}

/**
 * What a step's recipients saw of the messages sent, by their text: each message's latency
 * from its send (one clock: both ends live in this process), its duplicates, and the span of
 * the deliveries.
 */
export class DeliveryLog {
  private readonly sentAt = new Map<string, number>();
  private readonly seen = new Map<string, number>();
  readonly latencies: number[] = [];
  private first = 0;
  private last = 0;

  sent(text: string): void {
    this.sentAt.set(text, performance.now());
  }

  /** A delivery of `text`; texts this step never sent are ignored. */
  arrived(text: string): void {
    const t0 = this.sentAt.get(text);
    const now = performance.now();
    if (t0 === undefined) return;
    const times = this.seen.get(text) ?? 0;
    this.seen.set(text, times + 1);
    if (times > 0) return;
    this.latencies.push(now - t0);
    this.first ||= now;
    this.last = now;
  }

  has(text: string): boolean {
    return this.seen.has(text);
  }

  /** Distinct messages delivered. */
  get delivered(): number {
    return this.seen.size;
  }

  /** Deliveries beyond the first of each message. */
  get duplicated(): number {
    let extra = 0;
    for (const n of this.seen.values()) if (n > 1) extra += n - 1;
    return extra;
  }

  /** Delivered per second, over the sending time or the deliveries' own span if longer. */
  perSecond(sendSeconds: number): number {
    return Math.round(this.latencies.length / Math.max(sendSeconds, (this.last - this.first) / 1000));
  }
}
