import type { RateRule } from '../config';

export interface RateDecision {
  allowed: boolean;
  /** When refused: how long until the next attempt would be allowed. */
  retryAfterMs: number;
}

/**
 * Counts attempts per key in fixed windows. One interface so that a cluster can keep the
 * counters in Redis; this module holds the in-process version.
 */
export interface RateLimiter {
  /** Records one attempt and says whether it was within the rule. */
  hit(key: string, rule: RateRule): Promise<RateDecision>;
  /** Takes back one recorded attempt (one that turned out not to count, e.g. a correct password). */
  release(key: string): Promise<void>;
  /** Forgets the key (e.g. after a successful sign-in). */
  reset(key: string): Promise<void>;
  close(): void;
}

interface Window {
  start: number;
  count: number;
  windowMs: number;
}

/** How often stale windows are dropped, so that a flood of distinct keys cannot grow memory forever. */
const SWEEP_MS = 60_000;

export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, Window>();
  const sweeper = setInterval(() => {
    const t = now();
    for (const [key, w] of windows) if (t - w.start >= w.windowMs) windows.delete(key);
  }, SWEEP_MS);
  sweeper.unref();

  function current(key: string, rule: RateRule): Window {
    const t = now();
    let w = windows.get(key);
    if (!w || t - w.start >= rule.windowMs) {
      w = { start: t, count: 0, windowMs: rule.windowMs };
      windows.set(key, w);
    }
    return w;
  }

  function decide(w: Window, rule: RateRule): RateDecision {
    if (w.count <= rule.limit) return { allowed: true, retryAfterMs: 0 };
    return { allowed: false, retryAfterMs: Math.max(1, w.start + rule.windowMs - now()) };
  }

  return {
    async hit(key, rule) {
      const w = current(key, rule);
      w.count++;
      return decide(w, rule);
    },
    async release(key) {
      const w = windows.get(key);
      if (w && w.count > 0) w.count--;
    },
    async reset(key) {
      windows.delete(key);
    },
    close() {
      clearInterval(sweeper);
      windows.clear();
    },
  };
}
