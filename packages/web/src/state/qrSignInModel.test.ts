import { describe, expect, it } from 'vitest';
import { applyQrFrame, applyQrSocketClosed, QR_CONNECTING, type QrPanelState } from './qrSignInModel';

const T1 = '01964f5e-8b1c-7a2b-9c3d-0123456789ab';
const T2 = '01964f5e-8b1c-7a2b-9c3d-0123456789ac';
const URL1 = 'https://liao.example/m/qr/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const waiting: QrPanelState = { phase: 'waiting', ticketId: T1, qrUrl: URL1, expiresAt: 1000 };
const alice = { displayName: '林晓', avatarUrl: null };

describe('the desktop QR panel', () => {
  it('shows each new code, whatever it showed before', () => {
    const ticket = { type: 'qr.ticket', ticketId: T1, qrUrl: URL1, expiresAt: 1000 } as const;
    expect(applyQrFrame(QR_CONNECTING, ticket)).toEqual(waiting);
    expect(applyQrFrame({ phase: 'cancelled' }, ticket)).toEqual(waiting);
    expect(applyQrFrame({ phase: 'failed', code: 'RATE_LIMITED' }, ticket)).toEqual(waiting);
  });

  it('goes waiting → scanned (keeping the code) → signing in with the claim', () => {
    const scanned = applyQrFrame(waiting, { type: 'qr.scanned', ticketId: T1, user: alice });
    expect(scanned).toEqual({ phase: 'scanned', ticketId: T1, qrUrl: URL1, scanner: alice });
    expect(applyQrFrame(scanned, { type: 'qr.confirmed', ticketId: T1, claim: 'c' })).toEqual({
      phase: 'signingIn',
      ticketId: T1,
      claim: 'c',
    });
  });

  it('shows cancelled and expired for its own ticket', () => {
    expect(applyQrFrame(waiting, { type: 'qr.cancelled', ticketId: T1 })).toEqual({ phase: 'cancelled' });
    expect(applyQrFrame(waiting, { type: 'qr.expired', ticketId: T1 })).toEqual({ phase: 'expired' });
  });

  it('ignores frames about a ticket it has already replaced', () => {
    for (const frame of [
      { type: 'qr.scanned', ticketId: T2, user: alice },
      { type: 'qr.confirmed', ticketId: T2, claim: 'c' },
      { type: 'qr.cancelled', ticketId: T2 },
      { type: 'qr.expired', ticketId: T2 },
    ] as const) {
      expect(applyQrFrame(waiting, frame)).toBe(waiting);
    }
    expect(applyQrFrame({ phase: 'cancelled' }, { type: 'qr.scanned', ticketId: T1, user: alice })).toEqual({
      phase: 'cancelled',
    });
  });

  it('shows a refusal by its code', () => {
    expect(applyQrFrame(waiting, { type: 'qr.error', code: 'RATE_LIMITED', message: 'slow down' })).toEqual({
      phase: 'failed',
      code: 'RATE_LIMITED',
    });
  });

  it('kills the code when the socket closes, but not a sign-in already under way', () => {
    expect(applyQrSocketClosed(waiting)).toEqual({ phase: 'offline' });
    expect(applyQrSocketClosed(QR_CONNECTING)).toEqual({ phase: 'offline' });
    const signingIn: QrPanelState = { phase: 'signingIn', ticketId: T1, claim: 'c' };
    expect(applyQrSocketClosed(signingIn)).toBe(signingIn);
    expect(applyQrSocketClosed({ phase: 'cancelled' })).toEqual({ phase: 'cancelled' });
  });
});
