import WebSocket from 'ws';
import type { ServerProcess } from '../serverProcess';
import { sleep } from '../stats';
import type { BenchUser } from '../users';

export interface IdleConnectionsResult {
  connections: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  /** The slope of RSS against connections open (see measureRssGrowth). */
  bytesPerConnection: number;
  kibPerConnection: number;
  /**
   * RSS after a full garbage collection with every connection open, less RSS after one before
   * any opened, per connection: what the connections keep, without a burst's garbage. Null
   * where the server cannot be told to collect (the XMPP peers).
   */
  collectedKibPerConnection: number | null;
  rssCollectedMiB: number | null;
  connectSeconds: number;
  /** Connections open and RSS in MiB at each reading. */
  readings: [number, number][];
}

const BATCH = 250;
/** Time for the server's heap and allocator to settle before RSS is read. */
export const SETTLE_MS = 3000;
/** RSS readings taken as the connections open: more than two, so one garbage collection's swing does not make the figure. */
const READINGS = 6;

/**
 * A server's memory per idle connection: RSS is read before any is open and again after each
 * of READINGS equal groups opens (each after SETTLE_MS), and the figure is the slope of the
 * least-squares line through the readings. Where the server can be told to collect its garbage
 * (`collect`), it does before the first reading and once more after the last, for a second
 * figure: what the connections keep. Right after a burst of handshakes RSS also holds their
 * garbage, and V8 collects it only when it needs to: how much is still there at a reading
 * varied by 2 KiB a connection from run to run of one build (5,000 connections). Two readings alone moved by a few MiB with the
 * heap's collections, which at 2,000 connections is several KiB each either way.
 */
export async function measureRssGrowth(
  rssBytes: () => number,
  connections: number,
  openGroup: (count: number) => Promise<void>,
  collect?: () => Promise<void>,
): Promise<IdleConnectionsResult> {
  const collected = async () => {
    if (!collect) return null;
    await collect();
    await sleep(SETTLE_MS);
    return rssBytes();
  };
  await collected();
  const readings: [number, number][] = [[0, rssBytes()]];
  let open = 0;
  let connecting = 0;
  for (let k = 1; k <= READINGS; k++) {
    const count = Math.round((connections * k) / READINGS) - open;
    const groupStarted = performance.now();
    await openGroup(count);
    connecting += performance.now() - groupStarted;
    open += count;
    await sleep(SETTLE_MS);
    readings.push([open, rssBytes()]);
  }
  const perConnection = slope(readings);
  const kept = await collected();
  return {
    connections,
    rssBeforeMiB: mib(readings[0]?.[1] ?? 0),
    rssAfterMiB: mib(readings.at(-1)?.[1] ?? 0),
    bytesPerConnection: Math.round(perConnection),
    kibPerConnection: round(perConnection / 1024),
    collectedKibPerConnection:
      kept === null ? null : round((kept - (readings[0]?.[1] ?? 0)) / connections / 1024),
    rssCollectedMiB: kept === null ? null : mib(kept),
    connectSeconds: round(connecting / 1000),
    readings: readings.map(([n, bytes]) => [n, mib(bytes)]),
  };
}

/** The least-squares slope of y against x. */
export function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const [x, y] of points) {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  }
  return variance === 0 ? 0 : covariance / variance;
}

function mib(bytes: number): number {
  return round(bytes / 2 ** 20);
}

function openSocket(url: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, {
      headers: { authorization: `Bearer ${token}` },
      perMessageDeflate: false,
    });
    ws.once('message', () => resolve(ws)); // the hello frame: authenticated and registered
    ws.once('error', reject);
  });
}

/** Server RSS growth per idle, authenticated WebSocket connection. */
export async function measureIdleConnections(
  server: ServerProcess,
  users: BenchUser[],
  connections: number,
): Promise<IdleConnectionsResult> {
  // Warm the code paths first so that JIT and first-use allocations are not counted.
  const warm = await Promise.all(users.slice(0, 10).map((u) => openSocket(server.url, u.token)));
  for (const ws of warm) ws.close();
  await sleep(SETTLE_MS);
  const sockets: WebSocket[] = [];
  try {
    return await measureRssGrowth(
      () => server.rssBytes(),
      connections,
      async (count) => {
        for (let i = 0; i < count; i += BATCH) {
          const batch = Array.from({ length: Math.min(BATCH, count - i) }, (_, j) => {
            const user = users[(sockets.length + j) % users.length] as BenchUser;
            return openSocket(server.url, user.token);
          });
          sockets.push(...(await Promise.all(batch)));
        }
      },
      server.collectGarbage,
    );
  } finally {
    for (const ws of sockets) ws.terminate();
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
