import { LiaoClient } from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import { pool } from './stats';

export interface BenchUser {
  client: LiaoClient;
  token: string;
  userId: string;
  username: string;
}

/** Registers `count` users through the SDK (argon2 makes this ~50 ms each: keep counts modest). */
export async function registerUsers(url: string, count: number, prefix: string): Promise<BenchUser[]> {
  const run = Date.now().toString(36);
  return pool(
    Array.from({ length: count }, (_, i) => i),
    4,
    async (i) => {
      let token = '';
      const client = new LiaoClient({ baseUrl: url, createSocket: nodeSocketFactory(() => token) });
      const username = `${prefix}${run}x${i}`;
      const result = await client.api.register({
        username,
        password: 'bench password',
        displayName: `Bench ${i}`,
        transport: 'bearer',
        device: { name: 'bench', platform: 'bot' },
      });
      token = result.token ?? '';
      client.setToken(token);
      return { client, token, userId: result.user.id, username };
    },
  );
}
