import type { FanoutOptions, FanoutResult, FanoutStep } from '../src/scenarios/groupFanout';
import { loadAverageNow, percentiles, pool, sleep } from '../src/stats';
import { bodyText } from './direct';
import type { XmppPeer } from './peerProcess';
import { attr, type XmppConnection } from './xmppConnection';
import { connectAccounts, makeRunTag } from './xmppUsers';

/** How many members join the room at once (each join is broadcast to everyone already in). */
const JOIN_CONCURRENCY = 20;
/** After the last post, how long deliveries may still arrive (as Liao's fan-out waits). */
const DRAIN_MS = 3000;
/** The stop and "best" bounds of bench/src/scenarios/groupFanout.ts; change them together. */
const STOP_P99_MS = 1000;
const BEST_P99_MS = 100;

/**
 * Group fan-out over XMPP, in the shape of Liao's measureGroupFanout: one MUC room (XEP-0045)
 * of `members` occupants, all online; the first posts groupchat messages at shrinking
 * intervals and every other occupant's stream counts deliveries and their latency (the
 * sender's own echo is not counted, as Liao's sender socket is not).
 */
export async function measureXmppFanout(
  peer: XmppPeer,
  members: number,
  intervals: number[],
  stepSeconds: number,
  options: FanoutOptions = {},
): Promise<FanoutResult> {
  const run = makeRunTag('f');
  const room = `${run}@${peer.mucDomain}`;
  const [sender, ...listeners] = await connectAccounts(
    peer,
    Array.from({ length: members }, (_, i) => `${run}m${i}`),
  );
  const everyone = [sender as XmppConnection, ...listeners];
  const steps: FanoutStep[] = [];
  let warmup: FanoutStep | undefined;
  try {
    const joinStarted = performance.now();
    await joinRoom(sender as XmppConnection, room, 'm0');
    await pool(listeners, JOIN_CONCURRENCY, (c, i) => joinRoom(c, room, `m${i + 1}`));
    console.log(
      `  ${members} members in the room after ${((performance.now() - joinStarted) / 1000).toFixed(1)} s`,
    );
    if (options.warmup) {
      const { intervalMs, seconds } = options.warmup;
      warmup = await runFanoutStep(sender as XmppConnection, listeners, room, intervalMs, seconds, 'w0n');
      console.log(
        `  warm-up, every ${intervalMs} ms: p99 ${warmup.latencyMs.p99} ms, missing ${warmup.missing}`,
      );
    }
    for (const [index, intervalMs] of intervals.entries()) {
      const step = await runFanoutStep(
        sender as XmppConnection,
        listeners,
        room,
        intervalMs,
        stepSeconds,
        `s${index}n`,
      );
      steps.push(step);
      console.log(
        `  every ${intervalMs} ms: ${step.deliveriesPerSecond} deliveries/s, p50 ${step.latencyMs.p50} ms, p99 ${step.latencyMs.p99} ms, missing ${step.missing}`,
      );
      if (step.latencyMs.p99 > STOP_P99_MS || step.missing > 0) break;
    }
  } finally {
    for (const c of everyone) c.close();
  }
  return {
    members,
    steps,
    ...(warmup ? { warmup } : {}),
    bestDeliveriesPerSecond: Math.max(
      0,
      ...steps
        .filter((s) => s.latencyMs.p99 < BEST_P99_MS && s.missing === 0)
        .map((s) => s.deliveriesPerSecond),
    ),
  };
}

/**
 * Enters the room and waits for the occupant's own presence. Whoever makes the room (status
 * 201) accepts the default configuration at once (an instant room, XEP-0045 §10.1.2), which
 * is what unlocks it for the others on servers that lock new rooms.
 */
async function joinRoom(connection: XmppConnection, room: string, nick: string): Promise<void> {
  const occupant = `${room}/${nick}`;
  const self = connection.waitFor(
    `${nick}'s own presence in the room`,
    (s) => s.startsWith('<presence') && attr(s, 'from') === occupant,
  );
  connection.write(
    `<presence to='${occupant}'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>`,
  );
  const presence = await self;
  if (attr(presence, 'type') === 'error') throw new Error(`${nick} could not join ${room}: ${presence}`);
  if (/<status code=['"]201['"]/.test(presence)) {
    await connection.iq(
      'set',
      room,
      "<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'/></query>",
    );
  }
}

/** The sender posts one message every `intervalMs` for `seconds`; every listener counts deliveries. */
async function runFanoutStep(
  sender: XmppConnection,
  listeners: XmppConnection[],
  room: string,
  intervalMs: number,
  seconds: number,
  tag: string,
): Promise<FanoutStep> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const prefix = `fan:${tag}`;
  for (const c of listeners) {
    c.onStanza = (raw) => {
      const text = bodyText(raw);
      if (text === null || !text.startsWith(prefix)) return;
      const t0 = sentAt.get(text);
      if (t0 !== undefined) latencies.push(performance.now() - t0);
    };
  }
  let count = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    const due = Math.floor((performance.now() - started) / intervalMs) + 1;
    while (count < due) {
      count++;
      const text = `${prefix}${count}`;
      sentAt.set(text, performance.now());
      sender.write(
        `<message to='${room}' type='groupchat' id='${tag}${count}'><body>${text}</body></message>`,
      );
    }
    await sleep(Math.min(intervalMs, 10));
  }
  await sender.flushed();
  const expected = count * listeners.length;
  const drainUntil = performance.now() + DRAIN_MS;
  while (latencies.length < expected && performance.now() < drainUntil) await sleep(50);
  const elapsed = (performance.now() - started) / 1000;
  for (const c of listeners) c.onStanza = null;
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
