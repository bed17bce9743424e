import http from 'node:http';
import { type Percentiles, percentiles } from '../stats';
import type { BenchUser } from '../users';

export interface HttpResult {
  endpoint: string;
  concurrency: number;
  seconds: number;
  requests: number;
  perSecond: number;
  errors: number;
  latencyMs: Percentiles;
}

/** Authenticated GET /api/me at a fixed concurrency over keep-alive connections. */
export async function measureAuthenticatedReads(
  url: string,
  users: BenchUser[],
  concurrency: number,
  seconds: number,
): Promise<HttpResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL('/api/me', url);
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;

  function get(token: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.get(target, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
    });
  }

  async function worker(i: number) {
    const token = (users[i % users.length] as BenchUser).token;
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const status = await get(token).catch(() => 0);
      latencies.push(performance.now() - t0);
      if (status !== 200) errors++;
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    endpoint: 'GET /api/me',
    concurrency,
    seconds: Math.round(elapsed * 100) / 100,
    requests: latencies.length,
    perSecond: Math.round(latencies.length / elapsed),
    errors,
    latencyMs: percentiles(latencies),
  };
}
