import os from 'node:os';
import type { BenchPair } from '../pairs';
import { type BenchMessage, RawSocket } from '../rawSocket';
import { type Percentiles, percentiles, sleep } from '../stats';

export interface ChatLoadResult {
  rate: number;
  seconds: number;
  sent: number;
  delivered: number;
  lost: number;
  refused: number;
  latencyMs: Percentiles;
  /**
   * The machine's 1-minute load average at the end (2 cores): the server, this generator and any
   * transcode count, and so does anything else running on the machine, which the figures then carry.
   */
  loadAverage: number;
}

const TICK_MS = 10;
/** After the last send, how long deliveries may still arrive before missing ones count as lost. */
const DRAIN_MS = 3000;

/**
 * Chat on the side at a fixed rate, as in scenarios/directThroughput.ts (each pair's first user
 * sends to the second; latency from send to delivery, one clock), but until a signal rather than
 * for a fixed time: the busy run stops sending the moment the first transcode ends, so that every
 * message measured was sent while both ran. Sockets stay open across runs (warm-up first), and
 * each run's tag keeps its client ids apart.
 */
export class ChatLoad {
  private constructor(
    private readonly pairs: BenchPair[],
    private readonly senders: RawSocket[],
    private readonly receivers: RawSocket[],
  ) {}

  static async open(url: string, pairs: BenchPair[]): Promise<ChatLoad> {
    const senders = await Promise.all(pairs.map((p) => RawSocket.open(url, p.a.token)));
    const receivers = await Promise.all(pairs.map((p) => RawSocket.open(url, p.b.token)));
    return new ChatLoad(pairs, senders, receivers);
  }

  close(): void {
    for (const s of [...this.senders, ...this.receivers]) s.close();
  }

  /** Sends at `rate` until `stop` settles, or for `maxSeconds`, whichever is first. */
  async run(tag: string, rate: number, maxSeconds: number, stop?: Promise<unknown>): Promise<ChatLoadResult> {
    const sentAt = new Map<string, number>();
    const delivered = new Set<string>();
    const acked = new Set<string>();
    const latencies: number[] = [];
    let refused = 0;
    for (const r of this.receivers) {
      r.onEvent = (event) => {
        if (event.type !== 'message.new' || !event.message) return;
        const text = (event.message as BenchMessage).content.text ?? '';
        const t0 = sentAt.get(text);
        if (t0 === undefined || delivered.has(text)) return;
        delivered.add(text);
        latencies.push(performance.now() - t0);
      };
    }
    let stopped = false;
    void stop?.then(
      () => (stopped = true),
      () => (stopped = true),
    );
    const acks: Promise<void>[] = [];
    let counter = 0;
    const started = performance.now();
    const deadline = started + maxSeconds * 1000;
    while (!stopped && performance.now() < deadline) {
      // What is due by now: the schedule follows the clock, not the loop's pace.
      const due = Math.floor(((performance.now() - started) * rate) / 1000);
      while (counter < due) {
        const i = counter % this.pairs.length;
        counter++;
        const text = `${tag}:${counter}`;
        sentAt.set(text, performance.now());
        acks.push(
          (this.senders[i] as RawSocket)
            .request('message.send', {
              conversationId: (this.pairs[i] as BenchPair).conversationId,
              clientId: `${tag}x${counter}x${i}`.padEnd(8, '0'),
              content: { kind: 'text', text },
            })
            .then((reply) => {
              if (reply.ok) acked.add(text);
              else refused++;
            }),
        );
      }
      await sleep(TICK_MS);
    }
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(acks);
    const drainUntil = performance.now() + DRAIN_MS;
    while (performance.now() < drainUntil && [...acked].some((id) => !delivered.has(id))) await sleep(50);
    let lost = 0;
    for (const id of acked) if (!delivered.has(id)) lost++;
    for (const r of this.receivers) r.onEvent = () => {};
    return {
      rate,
      seconds: Math.round(seconds * 10) / 10,
      sent: counter,
      delivered: latencies.length,
      lost,
      refused,
      latencyMs: percentiles(latencies),
      loadAverage: Math.round((os.loadavg()[0] ?? 0) * 10) / 10,
    };
  }
}
