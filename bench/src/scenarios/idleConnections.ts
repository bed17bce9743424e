import WebSocket from 'ws';
import type { ServerProcess } from '../serverProcess';
import { sleep } from '../stats';
import type { BenchUser } from '../users';

export interface IdleConnectionsResult {
  connections: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  bytesPerConnection: number;
  kibPerConnection: number;
  connectSeconds: number;
}

const BATCH = 250;
/** Time for the server's heap and allocator to settle before RSS is read. */
const SETTLE_MS = 3000;

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
  const before = server.rssBytes();
  const started = performance.now();
  const sockets: WebSocket[] = [];
  for (let i = 0; i < connections; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, connections - i) }, (_, j) => {
      const user = users[(i + j) % users.length] as BenchUser;
      return openSocket(server.url, user.token);
    });
    sockets.push(...(await Promise.all(batch)));
  }
  const connectSeconds = (performance.now() - started) / 1000;
  await sleep(SETTLE_MS);
  const after = server.rssBytes();
  for (const ws of sockets) ws.terminate();
  const perConnection = (after - before) / connections;
  return {
    connections,
    rssBeforeMiB: round(before / 2 ** 20),
    rssAfterMiB: round(after / 2 ** 20),
    bytesPerConnection: Math.round(perConnection),
    kibPerConnection: round(perConnection / 1024),
    connectSeconds: round(connectSeconds),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
