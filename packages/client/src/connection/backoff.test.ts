import { describe, expect, it } from 'vitest';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff';

describe('backoffDelay', () => {
  const options: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

  it('stays within [0, min(max, base × 2^attempt)] for every attempt', () => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
      for (const r of [0, 0.25, 0.5, 0.999_999]) {
        const delay = backoffDelay(attempt, { ...options, random: () => r });
        expect(delay, `attempt ${attempt}, random ${r}`).toBeGreaterThanOrEqual(0);
        expect(delay, `attempt ${attempt}, random ${r}`).toBeLessThanOrEqual(ceiling);
        expect(Number.isInteger(delay)).toBe(true);
      }
    }
  });

  it('doubles the ceiling per attempt until it reaches the maximum', () => {
    const top = (attempt: number) => backoffDelay(attempt, { ...options, random: () => 1 });
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(top)).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('never exceeds the maximum, even for huge attempt counts (no Infinity or NaN)', () => {
    for (const attempt of [31, 64, 1024, 1e6, Number.MAX_SAFE_INTEGER]) {
      const delay = backoffDelay(attempt, { ...options, random: () => 1 });
      expect(delay).toBe(options.maxMs);
    }
  });

  it('applies full jitter: delays for the same attempt are spread over the whole range', () => {
    const samples = Array.from({ length: 2000 }, () => backoffDelay(6, DEFAULT_BACKOFF));
    const ceiling = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.baseMs * 2 ** 6);
    expect(new Set(samples).size).toBeGreaterThan(500);
    expect(Math.min(...samples)).toBeLessThan(ceiling * 0.1);
    expect(Math.max(...samples)).toBeGreaterThan(ceiling * 0.9);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    expect(mean).toBeGreaterThan(ceiling * 0.4);
    expect(mean).toBeLessThan(ceiling * 0.6);
  });

  it('uses the random source it is given (so that tests are deterministic)', () => {
    expect(backoffDelay(3, { baseMs: 100, maxMs: 10_000, random: () => 0.5 })).toBe(400);
    expect(backoffDelay(3, { baseMs: 100, maxMs: 10_000, random: () => 0 })).toBe(0);
  });
});
