import { DeliveryLog, sendOnSchedule } from '../src/scenarios/deliveryLog';
import type { DirectOptions, DirectThroughputResult, RateStep } from '../src/scenarios/directThroughput';
import { loadAverageNow, percentiles, sleep } from '../src/stats';
import type { XmppPeer } from './peerProcess';
import type { XmppConnection } from './xmppConnection';
import { connectAccounts, makeRunTag } from './xmppUsers';

// The send schedule and the delivery log are shared with Liao's loop (scenarios/deliveryLog.ts);
// the bounds and stop rules are those of scenarios/directThroughput.ts, so that the two results
// can stand side by side: change them together.
const P99_BOUND_MS = 100;
/** After the last send, how long deliveries may still arrive before missing ones count as lost. */
const DRAIN_MS = 3000;

const BODY_OPEN = Buffer.from('<body>');
const LT = 0x3c;

/**
 * One-to-one throughput over XMPP, in the shape of Liao's measureDirectThroughput: every pair's
 * first account sends `<message type='chat'>` to the second at a share of the offered rate;
 * latency is from the write to the delivery on the recipient's stream (both ends live in this
 * process, one clock). Rates rise until p99 passes three times the bound or messages go missing.
 *
 * XMPP has no per-message acknowledgement without XEP-0198, so `acked` counts what the senders'
 * sockets handed to the kernel, and `lost` is every sent message not delivered; `errors` counts
 * the error stanzas the server bounced back to the senders.
 */
export async function measureXmppDirect(
  peer: XmppPeer,
  pairs: number,
  rates: number[],
  stepSeconds: number,
  options: DirectOptions = {},
): Promise<DirectThroughputResult> {
  const run = makeRunTag('d');
  const indexes = Array.from({ length: pairs }, (_, i) => i);
  const senders = await connectAccounts(
    peer,
    indexes.map((i) => `${run}a${i}`),
  );
  let receivers: XmppConnection[] = [];
  try {
    receivers = await connectAccounts(
      peer,
      indexes.map((i) => `${run}b${i}`),
    );
  } catch (error) {
    for (const s of senders) s.destroy();
    throw error;
  }
  const recipients = indexes.map((i) => `${run}b${i}@${peer.domain}`);
  const steps: RateStep[] = [];
  let warmup: RateStep | undefined;
  let step = 0;
  try {
    if (options.warmup) {
      const { rate, seconds } = options.warmup;
      warmup = await runStep(senders, receivers, recipients, rate, seconds, `${options.tag ?? ''}w`);
      console.log(`  warm-up at ${rate}/s: p99 ${warmup.latencyMs.p99} ms, lost ${warmup.lost}`);
    }
    for (const rate of rates) {
      step++;
      const result = await runStep(
        senders,
        receivers,
        recipients,
        rate,
        stepSeconds,
        `${options.tag ?? ''}s${step}`,
      );
      steps.push(result);
      console.log(
        `  offered ${rate}/s: delivered ${result.deliveredPerSecond}/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, lost ${result.lost}, dup ${result.duplicated}, errors ${result.errors}`,
      );
      const slow = !options.climbPastSlow && result.latencyMs.p99 > P99_BOUND_MS * 3;
      if (slow || result.lost > 0 || result.deliveredPerSecond < rate * 0.7) break;
    }
  } finally {
    for (const c of [...senders, ...receivers]) c.close();
  }
  const good = steps.filter((s) => s.latencyMs.p99 < P99_BOUND_MS && s.lost === 0 && s.errors === 0);
  return {
    pairs,
    stepSeconds,
    steps,
    ...(warmup ? { warmup } : {}),
    bestRate: good.length > 0 ? Math.max(...good.map((s) => s.deliveredPerSecond)) : null,
    peakDelivered: Math.max(0, ...steps.map((s) => s.deliveredPerSecond)),
  };
}

async function runStep(
  senders: XmppConnection[],
  receivers: XmppConnection[],
  recipients: string[],
  rate: number,
  seconds: number,
  tag: string,
): Promise<RateStep> {
  const log = new DeliveryLog();
  let errors = 0;
  const textPrefix = `${tag}:`;
  for (const r of receivers) {
    r.onStanza = (raw) => {
      const text = bodyText(raw);
      if (text?.startsWith(textPrefix)) log.arrived(text);
    };
  }
  for (const s of senders) {
    s.onStanza = (raw) => {
      if (isErrorMessage(raw)) errors++;
    };
  }

  const { count, started, sendSeconds } = await sendOnSchedule(rate, seconds, (n) => {
    const i = (n - 1) % senders.length;
    const text = `${textPrefix}${n}`;
    log.sent(text);
    (senders[i] as XmppConnection).write(
      `<message to='${recipients[i]}' type='chat' id='${tag}x${n}'><body>${text}</body></message>`,
    );
  });
  await Promise.all(senders.map((s) => s.flushed()));
  const ackSeconds = (performance.now() - started) / 1000;
  const drainUntil = performance.now() + DRAIN_MS;
  while (performance.now() < drainUntil && log.delivered < count) await sleep(50);
  for (const c of [...senders, ...receivers]) c.onStanza = null;
  return {
    offeredPerSecond: rate,
    deliveredPerSecond: log.perSecond(sendSeconds),
    ackedPerSecond: Math.round(count / ackSeconds),
    latencyMs: percentiles(log.latencies),
    sent: count,
    acked: count,
    delivered: log.latencies.length,
    lost: count - log.delivered,
    duplicated: log.duplicated,
    errors,
    loadAverage: loadAverageNow(),
  };
}

/** The text of a stanza's `<body>`, or null; the benchmark's bodies carry no markup or escapes. */
export function bodyText(raw: Buffer): string | null {
  const at = raw.indexOf(BODY_OPEN);
  if (at < 0) return null;
  const from = at + BODY_OPEN.length;
  const end = raw.indexOf(LT, from);
  return end < 0 ? null : raw.toString('latin1', from, end);
}

const ERROR_TYPE = /^<message[^>]*\stype=['"]error['"]/;

function isErrorMessage(raw: Buffer): boolean {
  return raw[1] === 0x6d /* m */ && ERROR_TYPE.test(raw.toString('latin1', 0, Math.min(raw.length, 400)));
}
