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

  it('allows each account 5 unfinished video uploads declaring 2 GB together', () => {
    expect(loadConfig({}).videos).toMatchObject({
      unfinishedUploadsPerUser: 5,
      unfinishedBytesPerUser: 2 * 1024 ** 3,
    });
    const set = loadConfig({
      LIAO_VIDEO_UPLOADS_PER_ACCOUNT: '2',
      LIAO_VIDEO_UPLOAD_BYTES_PER_ACCOUNT: '1000',
    });
    expect(set.videos).toMatchObject({ unfinishedUploadsPerUser: 2, unfinishedBytesPerUser: 1000 });
    expect(() => loadConfig({ LIAO_VIDEO_UPLOADS_PER_ACCOUNT: '0' })).toThrow();
  });

  it('caps each account at 20 live sockets and each address at 50 without a session', () => {
    expect(loadConfig({}).sockets).toEqual({ perAccount: 20, anonymousPerAddress: 50 });
    const set = loadConfig({ LIAO_SOCKETS_PER_ACCOUNT: '3', LIAO_ANONYMOUS_SOCKETS_PER_ADDRESS: '2' });
    expect(set.sockets).toEqual({ perAccount: 3, anonymousPerAddress: 2 });
  });
});
