import { type BenchMessage, RawSocket } from '../rawSocket';
import { loadAverageNow, type Percentiles, percentiles, sleep } from '../stats';
import type { BenchUser } from '../users';
import { DeliveryLog, sendOnSchedule } from './deliveryLog';

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
  const log = new DeliveryLog();
  const ackedIds = new Set<string>();
  let errors = 0;
  for (const r of receivers) {
    r.onEvent = (event) => {
      if (event.type !== 'message.new' || !event.message) return;
      const text = (event.message as BenchMessage).content.text ?? '';
      if (text.startsWith(tag)) log.arrived(text);
    };
  }

  const acks: Promise<void>[] = [];
  const { count, started, sendSeconds } = await sendOnSchedule(rate, seconds, (n) => {
    const i = (n - 1) % pairs.length;
    const pair = pairs[i] as DirectPair;
    const text = `${tag}:${n}`;
    log.sent(text);
    acks.push(
      (senders[i] as RawSocket)
        .request('message.send', {
          conversationId: pair.conversationId,
          clientId: `${tag}x${n}x${i}`.padEnd(8, '0'),
          content: { kind: 'text', text },
        })
        .then((reply) => {
          if (reply.ok) ackedIds.add(text);
          else errors++;
        }),
    );
  });
  await Promise.all(acks);
  const ackSeconds = (performance.now() - started) / 1000;
  const drainUntil = performance.now() + DRAIN_MS;
  while (performance.now() < drainUntil && [...ackedIds].some((id) => !log.has(id))) await sleep(50);
  let lost = 0;
  for (const id of ackedIds) if (!log.has(id)) lost++;
  return {
    offeredPerSecond: rate,
    deliveredPerSecond: log.perSecond(sendSeconds),
    ackedPerSecond: Math.round(ackedIds.size / ackSeconds),
    latencyMs: percentiles(log.latencies),
    sent: count,
    acked: ackedIds.size,
    delivered: log.latencies.length,
    lost,
    duplicated: log.duplicated,
    errors,
    loadAverage: loadAverageNow(),
  };
}
