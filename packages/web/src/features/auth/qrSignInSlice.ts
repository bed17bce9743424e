import { LiaoError, QrLogin } from '@liao/client';
import type { SliceCreator } from '../../app/state/types';
import { QR_CONNECTING, type QrPanelState, qrPanelOf } from './qrSignInModel';

/**
 * The desktop's side of QR sign-in while the sign-in page shows the code: the SDK's QrLogin
 * keeps /ws/qr open, replaces expired codes and trades the claim for the session cookie; then
 * the app boots as the account that confirmed (keeping history as the page's box says).
 */
export interface QrSignInSlice {
  qrSignIn: {
    /** What the panel shows. */
    state: QrPanelState;
    /** The refusal behind a `failed` state, for describeError. */
    failure: LiaoError | null;
  };
  /** Opens /ws/qr and shows a code (the panel appeared); a QR sign-in already open is stopped first. */
  startQrSignIn(): void;
  /** A new code now (the person clicked the dead one). */
  refreshQrSignIn(): void;
  /** Closes /ws/qr (the panel went away); its last state is kept but no longer changes. */
  stopQrSignIn(): void;
}

export const createQrSignInSlice: SliceCreator<QrSignInSlice> = (set, get) => {
  // The one QrLogin open now and how to stop listening to it: an SDK object, not state, so
  // it lives beside the store's state rather than in it.
  let open: { login: QrLogin; off: () => void } | null = null;

  const stop = () => {
    if (!open) return;
    const { login, off } = open;
    open = null;
    off();
    login.stop();
  };

  return {
    qrSignIn: { state: QR_CONNECTING, failure: null },

    startQrSignIn() {
      stop();
      const login = new QrLogin({ baseUrl: '' });
      const off = login.on('state', (next) => {
        set((s) => ({
          qrSignIn: {
            state: qrPanelOf(next, s.qrSignIn.state),
            failure: next.status === 'failed' ? new LiaoError(next.code, 0, next.message) : null,
          },
        }));
        if (next.status === 'signedIn') void get().signedInByQr();
      });
      open = { login, off };
      set({ qrSignIn: { state: QR_CONNECTING, failure: null } });
      login.start();
    },

    refreshQrSignIn() {
      open?.login.refresh();
    },

    stopQrSignIn: stop,
  };
};
