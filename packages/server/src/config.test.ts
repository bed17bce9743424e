import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('reads numeric settings as plain decimal digits, and refuses 0x10, 1e3 and the like', () => {
    expect(loadConfig({ LIAO_PORT: '8081' }).port).toBe(8081);
    for (const value of ['0x10', '1e3', '+80', '80.0', '']) {
      expect(() => loadConfig({ LIAO_PORT: value }), value).toThrow(/plain decimal digits/);
      expect(() => loadConfig({ LIAO_SHUTDOWN_GRACE_MS: value }), value).toThrow(/plain decimal digits/);
    }
  });

  it('allows each account 30 chat images a minute (LIAO_CHAT_IMAGES_PER_MINUTE)', () => {
    expect(loadConfig({}).rateLimits.imageUploadsPerUserPerMinute).toEqual({ limit: 30, windowMs: 60_000 });
    const set = loadConfig({ LIAO_CHAT_IMAGES_PER_MINUTE: '7' });
    expect(set.rateLimits.imageUploadsPerUserPerMinute.limit).toBe(7);
  });
});
