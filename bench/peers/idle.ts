import { type IdleConnectionsResult, measureRssGrowth, SETTLE_MS } from '../src/scenarios/idleConnections';
import { sleep } from '../src/stats';
import type { XmppPeer } from './peerProcess';
import type { XmppConnection } from './xmppConnection';
import { connectAccounts, makeRunTag, registerAccounts } from './xmppUsers';

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
  const streams: XmppConnection[] = [];
  try {
    return await measureRssGrowth(
      () => peer.rssBytes(),
      connections,
      async (count) => {
        const names = usernames.slice(streams.length, streams.length + count);
        streams.push(
          ...(await connectAccounts(peer, names, { register: false, concurrency: CONNECT_CONCURRENCY })),
        );
      },
    );
  } finally {
    for (const c of streams) c.destroy();
  }
}
