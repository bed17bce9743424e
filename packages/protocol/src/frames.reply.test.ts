import { describe, expect, it } from 'vitest';
import { ServerFrame } from './frames';

describe('reply frames', () => {
  it('parses an ok reply and an error reply to the same shape of id', () => {
    expect(ServerFrame.parse({ type: 'res', id: 'r1', ok: true, result: { a: 1 } })).toMatchObject({
      ok: true,
    });
    expect(
      ServerFrame.parse({
        type: 'res',
        id: 'r2',
        ok: false,
        error: { code: 'RATE_LIMITED', message: 'slow' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });

  it('refuses a reply that is neither (ok without result is fine; ok=false without error is not)', () => {
    expect(ServerFrame.safeParse({ type: 'res', id: 'r3', ok: false }).success).toBe(false);
    expect(ServerFrame.safeParse({ type: 'res', id: 'r4', ok: 'yes', result: 1 }).success).toBe(false);
  });

  it('still parses the other frames', () => {
    expect(ServerFrame.parse({ type: 'pong', id: 'p1', serverTime: 1 })).toMatchObject({ type: 'pong' });
  });
});
