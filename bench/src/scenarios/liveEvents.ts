import { LiaoClient } from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import { type Percentiles, percentiles } from '../stats';
import type { BenchUser } from '../users';

export interface LiveEventResult {
  users: number;
  updatesPerUser: number;
  latencyMs: Percentiles;
  lost: number;
}

/**
 * Write-to-device latency: each user changes their profile from one device and times the
 * `me.updated` event on a second connected device (commit, bus, gateway, socket, parse).
 */
export async function measureLiveEvents(
  url: string,
  users: BenchUser[],
  updatesPerUser: number,
): Promise<LiveEventResult> {
  const latencies: number[] = [];
  let lost = 0;
  await Promise.all(
    users.map(async (user) => {
      const second = new LiaoClient({
        baseUrl: url,
        token: user.token,
        createSocket: nodeSocketFactory(() => user.token),
      });
      await second.connect();
      for (let i = 0; i < updatesPerUser; i++) {
        const signature = `bench ${i}`;
        const t0 = performance.now();
        const arrived = second.waitForEvent('me.updated', (e) => e.user.signature === signature, 5000);
        await user.client.api.updateProfile({ signature });
        try {
          await arrived;
          latencies.push(performance.now() - t0);
        } catch {
          lost++;
        }
      }
      second.disconnect();
    }),
  );
  return { users: users.length, updatesPerUser, latencyMs: percentiles(latencies), lost };
}
