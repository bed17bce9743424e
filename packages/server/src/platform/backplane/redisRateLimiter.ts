import type { Redis, Result } from 'ioredis';
import type { RateLimiter } from '../ratelimit/rateLimiter';
import { guarded } from './redisConnection';

/*
 * Rate limits shared by every node: the same fixed windows as the in-process limiter (a window
 * opens at a key's first attempt and lasts the rule's windowMs), kept in a Redis hash per key
 * with the window's start and its count. One script does the read, the increment and the
 * expiry, so two nodes counting the same key at once never both open a window or lose a hit.
 *
 * The window is measured on the node's clock, passed in, rather than by the key's TTL alone:
 * the nodes' clocks agree closely enough for windows of minutes, and the server's injectable
 * clock keeps working in tests. The TTL only removes keys whose window is over.
 */

const HIT = `
local start = tonumber(redis.call('HGET', KEYS[1], 'start'))
local now = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[2])
if start == nil or now - start >= windowMs then
  redis.call('HSET', KEYS[1], 'start', now, 'count', 1)
  redis.call('PEXPIRE', KEYS[1], windowMs)
  return {1, now}
end
return {redis.call('HINCRBY', KEYS[1], 'count', 1), start}
`;

const RELEASE = `
local count = tonumber(redis.call('HGET', KEYS[1], 'count'))
if count ~= nil and count > 0 then redis.call('HINCRBY', KEYS[1], 'count', -1) end
return 0
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    liaoRateHit(key: string, now: number, windowMs: number): Result<[number, number], Context>;
    liaoRateRelease(key: string): Result<number, Context>;
  }
}

export function createRedisRateLimiter(redis: Redis, now: () => number): RateLimiter {
  redis.defineCommand('liaoRateHit', { numberOfKeys: 1, lua: HIT });
  redis.defineCommand('liaoRateRelease', { numberOfKeys: 1, lua: RELEASE });
  const keyOf = (key: string) => `rate:${key}`;
  return {
    async hit(key, rule) {
      const t = now();
      const [count, start] = await guarded(() => redis.liaoRateHit(keyOf(key), t, rule.windowMs));
      if (count <= rule.limit) return { allowed: true, retryAfterMs: 0 };
      return { allowed: false, retryAfterMs: Math.max(1, start + rule.windowMs - t) };
    },
    async release(key) {
      await guarded(() => redis.liaoRateRelease(keyOf(key)));
    },
    async reset(key) {
      await guarded(() => redis.del(keyOf(key)));
    },
    close() {
      // The connection belongs to the backplane, which closes it.
    },
  };
}
