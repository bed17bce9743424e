import type { QrLoginState } from '@liao/client';

/** Who scanned the code, as the desktop is told. */
export interface QrScanner {
  displayName: string;
  avatarUrl: string | null;
}

/**
 * What the desktop's QR sign-in panel shows, drawn from the SDK's QrLogin state. `offline` is
 * a code that died with its socket: the person sees it is dead (and may click to refresh)
 * while the SDK reconnects behind it.
 */
export type QrPanelState =
  | { phase: 'connecting' }
  | { phase: 'waiting'; qrUrl: string }
  | { phase: 'scanned'; scanner: QrScanner }
  /** The phone confirmed: the claim is being traded for a session, then the app starts. */
  | { phase: 'signingIn' }
  | { phase: 'cancelled' }
  /** The code ran out; a new one is on its way. */
  | { phase: 'expired' }
  /** `qrUrl`: the dead code, drawn faded under the notice (none if it never came). */
  | { phase: 'offline'; qrUrl: string | null }
  /** A refusal (rate limit, a claim that failed), by error code. */
  | { phase: 'failed'; code: string };

export const QR_CONNECTING: QrPanelState = { phase: 'connecting' };

/**
 * The panel for the SDK's state. Reconnecting right after showing a code (or after saying the
 * link was down) shows the dead code rather than a spinner, so nobody scans a code that can
 * no longer work.
 */
export function qrPanelOf(state: QrLoginState, previous: QrPanelState): QrPanelState {
  switch (state.status) {
    case 'connecting':
    case 'stopped': {
      if (previous.phase === 'waiting') return { phase: 'offline', qrUrl: previous.qrUrl };
      if (previous.phase === 'scanned') return { phase: 'offline', qrUrl: null };
      return previous.phase === 'offline' ? previous : QR_CONNECTING;
    }
    case 'waiting':
      return { phase: 'waiting', qrUrl: state.qrUrl };
    case 'scanned':
      return { phase: 'scanned', scanner: state.user };
    case 'confirmed':
    case 'signedIn':
      return { phase: 'signingIn' };
    case 'cancelled':
      return { phase: 'cancelled' };
    case 'expired':
      return { phase: 'expired' };
    case 'failed':
      return { phase: 'failed', code: state.code };
  }
}
