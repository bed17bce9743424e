import { describe, expect, it } from 'vitest';
import { QR_CONNECTING, type QrPanelState, qrPanelOf } from './qrSignInModel';

const T1 = '01964f5e-8b1c-7a2b-9c3d-0123456789ab';
const URL1 = 'https://liao.example/m/qr/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const alice = { displayName: '林晓', avatarUrl: null };
const waiting: QrPanelState = { phase: 'waiting', qrUrl: URL1 };

describe('the desktop QR panel', () => {
  it('shows the code, then who scanned it, then signing in', () => {
    expect(qrPanelOf({ status: 'waiting', ticketId: T1, qrUrl: URL1, expiresAt: 1 }, QR_CONNECTING)).toEqual(
      waiting,
    );
    const scanned = { status: 'scanned', ticketId: T1, qrUrl: URL1, expiresAt: 1, user: alice } as const;
    expect(qrPanelOf(scanned, waiting)).toEqual({ phase: 'scanned', scanner: alice });
    expect(qrPanelOf({ status: 'confirmed', ticketId: T1, user: alice }, waiting)).toEqual({
      phase: 'signingIn',
    });
  });

  it('shows cancelled, expired and a refusal by its code', () => {
    expect(qrPanelOf({ status: 'cancelled', ticketId: T1 }, waiting)).toEqual({ phase: 'cancelled' });
    expect(qrPanelOf({ status: 'expired', ticketId: T1 }, waiting)).toEqual({ phase: 'expired' });
    expect(qrPanelOf({ status: 'failed', code: 'RATE_LIMITED', message: 'slow' }, waiting)).toEqual({
      phase: 'failed',
      code: 'RATE_LIMITED',
    });
  });

  it('shows a code whose link dropped as dead, not as loading, until a new code comes', () => {
    expect(qrPanelOf({ status: 'connecting' }, QR_CONNECTING)).toEqual(QR_CONNECTING);
    expect(qrPanelOf({ status: 'connecting' }, waiting)).toEqual({ phase: 'offline', qrUrl: URL1 });
    expect(qrPanelOf({ status: 'connecting' }, { phase: 'scanned', scanner: alice })).toEqual({
      phase: 'offline',
      qrUrl: null,
    });
    const dead: QrPanelState = { phase: 'offline', qrUrl: URL1 };
    expect(qrPanelOf({ status: 'connecting' }, dead)).toBe(dead);
    // After "cancelled" or an expiry the person asked for (or is getting) a new code: loading.
    expect(qrPanelOf({ status: 'connecting' }, { phase: 'cancelled' })).toEqual(QR_CONNECTING);
  });
});
