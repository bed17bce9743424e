import type { QrServerFrame } from '@liao/protocol';

/** Who scanned the code, as the desktop is told. */
export interface QrScanner {
  displayName: string;
  avatarUrl: string | null;
}

/**
 * What the desktop's QR sign-in panel shows. `expired` and `cancelled` keep no code: the
 * panel either asks the server for a new one at once or waits for the person to ask.
 */
export type QrPanelState =
  | { phase: 'connecting' }
  | { phase: 'waiting'; ticketId: string; qrUrl: string; expiresAt: number }
  | { phase: 'scanned'; ticketId: string; qrUrl: string; scanner: QrScanner }
  /** The phone confirmed: the claim is being traded for a session. */
  | { phase: 'signingIn'; ticketId: string; claim: string }
  | { phase: 'cancelled' }
  | { phase: 'expired' }
  /** The socket is gone (or never opened): the code is dead until the person asks again. */
  | { phase: 'offline' }
  /** A refusal from the server (rate limit, a claim that failed), by error code. */
  | { phase: 'failed'; code: string };

export const QR_CONNECTING: QrPanelState = { phase: 'connecting' };

function ticketOf(state: QrPanelState): string | null {
  return 'ticketId' in state ? state.ticketId : null;
}

/**
 * The panel's next state after a frame from /ws/qr. Frames about a ticket the panel has moved
 * past (a late `qr.scanned` for the code just replaced) change nothing.
 */
export function applyQrFrame(state: QrPanelState, frame: QrServerFrame): QrPanelState {
  if (frame.type === 'qr.ticket') {
    return { phase: 'waiting', ticketId: frame.ticketId, qrUrl: frame.qrUrl, expiresAt: frame.expiresAt };
  }
  if (frame.type === 'qr.error') return { phase: 'failed', code: frame.code };
  if (frame.ticketId !== ticketOf(state)) return state;
  switch (frame.type) {
    case 'qr.scanned':
      if (state.phase !== 'waiting' && state.phase !== 'scanned') return state;
      return { phase: 'scanned', ticketId: frame.ticketId, qrUrl: state.qrUrl, scanner: frame.user };
    case 'qr.confirmed':
      return { phase: 'signingIn', ticketId: frame.ticketId, claim: frame.claim };
    case 'qr.cancelled':
      return { phase: 'cancelled' };
    case 'qr.expired':
      return { phase: 'expired' };
  }
}

/**
 * The socket closed. While signing in, the claim no longer needs it; a person who already
 * sees "cancelled" or an error keeps seeing it; anything else shows the dead-code overlay.
 */
export function applyQrSocketClosed(state: QrPanelState): QrPanelState {
  if (state.phase === 'signingIn' || state.phase === 'cancelled' || state.phase === 'failed') return state;
  return { phase: 'offline' };
}
