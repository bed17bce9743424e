import type { IdleConnectionsResult } from '../src/scenarios/idleConnections';
import { sleep } from '../src/stats';
import type { XmppPeer } from './peerProcess';
import type { XmppConnection } from './xmppConnection';
import { connectAccounts, makeRunTag, registerAccounts } from './xmppUsers';

/** As bench/src/scenarios/idleConnections.ts: time for the heap and allocator to settle. */
const SETTLE_MS = 3000;
/** Streams opened at once; each is several round trips (stream, SASL, restart, bind). */
const CONNECT_CONCURRENCY = 100;

/**
 * The peer process's RSS growth per idle, authenticated stream: signed in, resource bound,
 * initial presence sent, then silent. One account per stream, registered beforehand so that
 * the accounts' own storage (Mnesia keeps ejabberd's in memory) is in the "before" figure:
 * streams sharing an account would each receive the others' presence, which is traffic, not
 * idleness.
 */
export async function measureXmppIdle(peer: XmppPeer, connections: number): Promise<IdleConnectionsResult> {
  const run = makeRunTag('i');
  const usernames = Array.from({ length: connections }, (_, i) => `${run}u${i}`);
  await registerAccounts(peer, usernames);
  // Warm the code paths first so that first-use allocations are not counted.
  const warm = await connectAccounts(peer, usernames.slice(0, 10), { register: false });
  for (const c of warm) c.close();
  await sleep(SETTLE_MS);
  const before = peer.rssBytes();
  const started = performance.now();
  let streams: XmppConnection[] = [];
  try {
    streams = await connectAccounts(peer, usernames, { register: false, concurrency: CONNECT_CONCURRENCY });
    const connectSeconds = (performance.now() - started) / 1000;
    await sleep(SETTLE_MS);
    const after = peer.rssBytes();
    const perConnection = (after - before) / connections;
    return {
      connections,
      rssBeforeMiB: round(before / 2 ** 20),
      rssAfterMiB: round(after / 2 ** 20),
      bytesPerConnection: Math.round(perConnection),
      kibPerConnection: round(perConnection / 1024),
      connectSeconds: round(connectSeconds),
    };
  } finally {
    for (const c of streams) c.destroy();
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
