import { RawSocket } from '../rawSocket';
import { loadAverageNow, type Percentiles, percentiles, pool, sleep } from '../stats';
import type { BenchUser } from '../users';

export interface FanoutStep {
  intervalMs: number;
  messages: number;
  deliveries: number;
  deliveriesPerSecond: number;
  latencyMs: Percentiles;
  missing: number;
  /** The machine's 1-minute load average as the step ended. */
  loadAverage: number;
}

export interface FanoutResult {
  members: number;
  steps: FanoutStep[];
  /** The unmeasured first step on fresh servers (JIT, pools), when asked for. */
  warmup?: FanoutStep;
  bestDeliveriesPerSecond: number;
}

export interface FanoutOptions {
  /** A first step at this pace whose figures are kept apart (fresh servers warm up). */
  warmup?: { intervalMs: number; seconds: number };
}

const MARKER = Buffer.from('"text":"fan:');
const QUOTE = 0x22;

/** Makes every member the owner's friend and the owner makes the group; returns its id. */
export async function makeFanoutGroup(url: string, owner: BenchUser, members: BenchUser[]): Promise<string> {
  await pool(members, 8, async (m) => {
    const sent = await m.client.api.sendFriendRequest(owner.userId, 'group');
    await owner.client.api.acceptFriendRequest(sent.request.id);
  });
  const res = await fetch(`${url}/api/conversations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ memberIds: members.map((m) => m.userId), name: 'Bench group' }),
  });
  if (!res.ok) throw new Error(`group creation failed: ${res.status} ${await res.text()}`);
  const created = (await res.json()) as {
    conversationId?: string;
    conversation?: { id: string };
    id?: string;
  };
  const conversationId = created.conversationId ?? created.conversation?.id ?? created.id;
  if (!conversationId) throw new Error(`no conversation id in ${JSON.stringify(created)}`);
  return conversationId;
}

/** What the fan-out loop uses of a member: a socket's token (a BenchUser, or a relay user in bench/limits). */
export type FanoutUser = Pick<BenchUser, 'token'>;

/** Which server each member's socket opens on (in a cluster: spread by index); the sender's is -1. */
export type MemberPlacement = string | ((member: number) => string);

/**
 * One group of `members.length + 1` people (made by makeFanoutGroup), all online; the owner
 * posts at shrinking intervals and every other member's socket counts deliveries and their
 * latency.
 */
export async function measureGroupFanout(
  placement: MemberPlacement,
  owner: FanoutUser,
  members: FanoutUser[],
  conversationId: string,
  intervals: number[],
  seconds: number,
  options: FanoutOptions = {},
): Promise<FanoutResult> {
  const urlOf = typeof placement === 'string' ? () => placement : placement;
  const sockets = await pool(members, 50, (m, i) => RawSocket.open(urlOf(i), m.token));
  const sender = await RawSocket.open(urlOf(-1), owner.token);
  const steps: FanoutStep[] = [];
  let warmup: FanoutStep | undefined;
  try {
    if (options.warmup) {
      const { intervalMs, seconds: warmSeconds } = options.warmup;
      warmup = await runFanoutStep(sockets, sender, conversationId, intervalMs, warmSeconds, 'w0n');
      console.log(
        `  warm-up, every ${intervalMs} ms: p99 ${warmup.latencyMs.p99} ms, missing ${warmup.missing}`,
      );
    }
    for (const [index, intervalMs] of intervals.entries()) {
      const step = await runFanoutStep(sockets, sender, conversationId, intervalMs, seconds, `s${index}n`);
      steps.push(step);
      console.log(
        `  every ${intervalMs} ms: ${step.deliveriesPerSecond} deliveries/s, p50 ${step.latencyMs.p50} ms, p99 ${step.latencyMs.p99} ms, missing ${step.missing}, load ${step.loadAverage}`,
      );
      if (step.latencyMs.p99 > 1000 || step.missing > 0) break;
    }
  } finally {
    for (const s of [...sockets, sender]) s.close();
  }
  return {
    members: members.length + 1,
    steps,
    ...(warmup ? { warmup } : {}),
    bestDeliveriesPerSecond: Math.max(
      0,
      ...steps.filter((s) => s.latencyMs.p99 < 100 && s.missing === 0).map((s) => s.deliveriesPerSecond),
    ),
  };
}

/** The owner posts one message every `intervalMs` for `seconds`; every member counts deliveries. */
async function runFanoutStep(
  sockets: RawSocket[],
  sender: RawSocket,
  conversationId: string,
  intervalMs: number,
  seconds: number,
  tag: string,
): Promise<FanoutStep> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  for (const s of sockets) {
    s.onRawEvent = (data) => {
      const at = data.indexOf(MARKER);
      if (at < 0) return;
      const end = data.indexOf(QUOTE, at + MARKER.length);
      const t0 = sentAt.get(data.toString('latin1', at + MARKER.length, end));
      if (t0 !== undefined) latencies.push(performance.now() - t0);
    };
  }
  let count = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const acks: Promise<unknown>[] = [];
  while (performance.now() < deadline) {
    const due = Math.floor((performance.now() - started) / intervalMs) + 1;
    while (count < due) {
      count++;
      const key = `${tag}${count}`;
      sentAt.set(key, performance.now());
      acks.push(
        sender.request('message.send', {
          conversationId,
          clientId: `fan${key}x${Date.now()}`,
          content: { kind: 'text', text: `fan:${key}` },
        }),
      );
    }
    await sleep(Math.min(intervalMs, 10));
  }
  await Promise.all(acks);
  const expected = count * sockets.length;
  const drainUntil = performance.now() + 3000;
  while (latencies.length < expected && performance.now() < drainUntil) await sleep(50);
  const elapsed = (performance.now() - started) / 1000;
  return {
    intervalMs,
    messages: count,
    deliveries: latencies.length,
    deliveriesPerSecond: Math.round(latencies.length / Math.max(seconds, elapsed - 3)),
    latencyMs: percentiles(latencies),
    missing: expected - latencies.length,
    loadAverage: loadAverageNow(),
  };
}
