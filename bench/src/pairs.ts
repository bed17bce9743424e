import { pool } from './stats';
import type { BenchUser } from './users';

export interface BenchPair {
  a: BenchUser;
  b: BenchUser;
  conversationId: string;
}

/** Makes users[2i] and users[2i+1] friends; accepting opens their chat. */
export async function makePairs(users: BenchUser[]): Promise<BenchPair[]> {
  const pairs = Array.from({ length: Math.floor(users.length / 2) }, (_, i) => ({
    a: users[2 * i] as BenchUser,
    b: users[2 * i + 1] as BenchUser,
  }));
  return pool(pairs, 8, async ({ a, b }) => {
    const sent = await a.client.api.sendFriendRequest(b.userId, 'bench');
    await b.client.api.acceptFriendRequest(sent.request.id);
    return { a, b, conversationId: await a.client.api.openDirect(b.userId) };
  });
}
