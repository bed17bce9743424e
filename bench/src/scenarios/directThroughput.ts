import { type BenchMessage, RawSocket } from '../rawSocket';
import { loadAverageNow, type Percentiles, percentiles, sleep } from '../stats';
import type { BenchUser } from '../users';

/**
 * What the step loops use of a pair: a token for each socket and their chat. A BenchPair is one;
 * so is a pair on the bare relay (bench/limits), which has no SDK client to give.
 */
export interface DirectPair {
  a: Pick<BenchUser, 'token'>;
  b: Pick<BenchUser, 'token'>;
  conversationId: string;
}

export interface RateStep {
  offeredPerSecond: number;
  deliveredPerSecond: number;
  ackedPerSecond: number;
  latencyMs: Percentiles;
  sent: number;
  acked: number;
  delivered: number;
  lost: number;
  duplicated: number;
  errors: number;
  /** The machine's 1-minute load average as the step ended: a loaded box explains a slow step. */
  loadAverage: number;
}

export interface DirectThroughputResult {
  pairs: number;
  stepSeconds: number;
  steps: RateStep[];
  /** The unmeasured first step, when asked for. */
  warmup?: RateStep;
  /** The highest offered rate with p99 under the bound and nothing lost. */
  bestRate: number | null;
  /** The most delivered per second in any step (what the servers carried at saturation). */
  peakDelivered: number;
}

/** Which server each socket opens on: one URL, or (in a cluster) one per role and pair. */
export type Placement = string | ((role: 'sender' | 'receiver', pair: number) => string);

export interface DirectOptions {
  /** Starts every text and client id, so that runs on the same conversations never collide. */
  tag?: string;
  /** A first step at this rate whose figures are kept apart (fresh servers warm up). */
  warmup?: { rate: number; seconds: number };
  /**
   * Keep raising the rate past a slow p99 until deliveries fall behind the offered rate (the
   * most the servers carry), rather than stopping at three times the latency bound.
   */
  climbPastSlow?: boolean;
}

const TICK_MS = 10;
const P99_BOUND_MS = 100;
/** After the last send, how long deliveries may still arrive before missing ones count as lost. */
const DRAIN_MS = 3000;

/**
 * One-to-one throughput: every pair's first user sends to the second at a share of the offered
 * rate; latency is from the send to the delivery on the recipient's socket (one clock: both
 * sockets live in this process). Rates rise until p99 passes the bound or messages go missing.
 */
export async function measureDirectThroughput(
  placement: Placement,
  pairs: DirectPair[],
  rates: number[],
  stepSeconds: number,
  options: DirectOptions = {},
): Promise<DirectThroughputResult> {
  const urlOf = typeof placement === 'string' ? () => placement : placement;
  const senders = await Promise.all(pairs.map((p, i) => RawSocket.open(urlOf('sender', i), p.a.token)));
  const receivers = await Promise.all(pairs.map((p, i) => RawSocket.open(urlOf('receiver', i), p.b.token)));
  const steps: RateStep[] = [];
  let run = 0;
  let warmup: RateStep | undefined;
  try {
    if (options.warmup) {
      const { rate, seconds } = options.warmup;
      warmup = await runStep(pairs, senders, receivers, rate, seconds, `${options.tag ?? ''}w`);
      console.log(`  warm-up at ${rate}/s: p99 ${warmup.latencyMs.p99} ms, lost ${warmup.lost}`);
    }
    for (const rate of rates) {
      run++;
      const step = await runStep(pairs, senders, receivers, rate, stepSeconds, `${options.tag ?? ''}s${run}`);
      steps.push(step);
      console.log(
        `  offered ${rate}/s: delivered ${step.deliveredPerSecond}/s, p50 ${step.latencyMs.p50} ms, p99 ${step.latencyMs.p99} ms, lost ${step.lost}, dup ${step.duplicated}, errors ${step.errors}, load ${step.loadAverage}`,
      );
      const slow = !options.climbPastSlow && step.latencyMs.p99 > P99_BOUND_MS * 3;
      if (slow || step.lost > 0 || step.deliveredPerSecond < rate * 0.7) break;
    }
  } finally {
    for (const s of [...senders, ...receivers]) s.close();
  }
  const good = steps.filter((s) => s.latencyMs.p99 < P99_BOUND_MS && s.lost === 0 && s.errors === 0);
  return {
    pairs: pairs.length,
    stepSeconds,
    steps,
    ...(warmup ? { warmup } : {}),
    bestRate: good.length > 0 ? Math.max(...good.map((s) => s.deliveredPerSecond)) : null,
    peakDelivered: Math.max(0, ...steps.map((s) => s.deliveredPerSecond)),
  };
}

async function runStep(
  pairs: DirectPair[],
  senders: RawSocket[],
  receivers: RawSocket[],
  rate: number,
  seconds: number,
  tag: string,
): Promise<RateStep> {
  const sentAt = new Map<string, number>();
  const ackedIds = new Set<string>();
  const deliveredIds = new Map<string, number>();
  const latencies: number[] = [];
  let errors = 0;
  let firstDelivery = 0;
  let lastDelivery = 0;
  receivers.forEach((r) => {
    r.onEvent = (event) => {
      if (event.type !== 'message.new' || !event.message) return;
      const text = (event.message as BenchMessage).content.text ?? '';
      if (!text.startsWith(tag)) return;
      const t0 = sentAt.get(text);
      const now = performance.now();
      if (t0 === undefined) return;
      const seen = deliveredIds.get(text) ?? 0;
      deliveredIds.set(text, seen + 1);
      if (seen === 0) {
        latencies.push(now - t0);
        firstDelivery ||= now;
        lastDelivery = now;
      }
    };
  });

  let next = 0;
  let counter = 0;
  const acks: Promise<void>[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    // Send what is due by now: the schedule follows the clock, not the loop's pace.
    const due = Math.floor(((performance.now() - started) * rate) / 1000);
    while (counter < due) {
      const i = next++ % pairs.length;
      const pair = pairs[i] as DirectPair;
      counter++;
      const text = `${tag}:${counter}`;
      sentAt.set(text, performance.now());
      acks.push(
        (senders[i] as RawSocket)
          .request('message.send', {
            conversationId: pair.conversationId,
            clientId: `${tag}x${counter}x${i}`.padEnd(8, '0'),
            content: { kind: 'text', text },
          })
          .then((reply) => {
            if (reply.ok) ackedIds.add(text);
            else errors++;
          }),
      );
    }
    await sleep(TICK_MS);
  }
  const sendSeconds = (performance.now() - started) / 1000;
  await Promise.all(acks);
  const ackSeconds = (performance.now() - started) / 1000;
  const drainUntil = performance.now() + DRAIN_MS;
  while (performance.now() < drainUntil && [...ackedIds].some((id) => !deliveredIds.has(id))) await sleep(50);
  let lost = 0;
  for (const id of ackedIds) if (!deliveredIds.has(id)) lost++;
  let duplicated = 0;
  for (const n of deliveredIds.values()) if (n > 1) duplicated += n - 1;
  const deliverySeconds = Math.max(sendSeconds, (lastDelivery - firstDelivery) / 1000);
  return {
    offeredPerSecond: rate,
    deliveredPerSecond: Math.round(latencies.length / deliverySeconds),
    ackedPerSecond: Math.round(ackedIds.size / ackSeconds),
    latencyMs: percentiles(latencies),
    sent: counter,
    acked: ackedIds.size,
    delivered: latencies.length,
    lost,
    duplicated,
    errors,
    loadAverage: loadAverageNow(),
  };
}
