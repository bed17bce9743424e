import { LiaoClient } from '@liao/client';
import { type Percentiles, percentiles, pool } from '../stats';
import type { BenchUser } from '../users';

export interface SignInResult {
  signIns: number;
  concurrency: number;
  perSecond: number;
  latencyMs: Percentiles;
}

/** Password sign-ins: bounded by argon2id (19 MiB, 2 passes) by design. */
export async function measureSignIns(
  url: string,
  users: BenchUser[],
  count: number,
  concurrency: number,
): Promise<SignInResult> {
  const latencies: number[] = [];
  const started = performance.now();
  await pool(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const user = users[i % users.length] as BenchUser;
      const client = new LiaoClient({ baseUrl: url });
      const t0 = performance.now();
      await client.api.signIn({ username: user.username, password: 'bench password', transport: 'bearer' });
      latencies.push(performance.now() - t0);
    },
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    signIns: count,
    concurrency,
    perSecond: Math.round((count / elapsed) * 10) / 10,
    latencyMs: percentiles(latencies),
  };
}
