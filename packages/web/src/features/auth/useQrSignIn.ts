import { LiaoError, QrLogin } from '@liao/client';
import { useEffect, useState } from 'react';
import { useAppStore } from '../../app/state/store';
import { QR_CONNECTING, type QrPanelState, qrPanelOf } from './qrSignInModel';

/**
 * The desktop's side of QR sign-in while the sign-in page shows the code: the SDK's QrLogin
 * keeps /ws/qr open, replaces expired codes and trades the claim for the session cookie; then
 * the app boots as the account that confirmed (keeping history as the page's box says).
 */
export function useQrSignIn(enabled: boolean): {
  state: QrPanelState;
  /** The refusal behind a `failed` state, for describeError. */
  failure: LiaoError | null;
  refresh: () => void;
} {
  const signedInByQr = useAppStore((s) => s.signedInByQr);
  const [login, setLogin] = useState<QrLogin | null>(null);
  const [state, setState] = useState<QrPanelState>(QR_CONNECTING);
  const [failure, setFailure] = useState<LiaoError | null>(null);

  useEffect(() => {
    if (!enabled) return;
    const qr = new QrLogin({ baseUrl: '' });
    const off = qr.on('state', (next) => {
      setState((previous) => qrPanelOf(next, previous));
      setFailure(next.status === 'failed' ? new LiaoError(next.code, 0, next.message) : null);
      if (next.status === 'signedIn') void signedInByQr();
    });
    setLogin(qr);
    setState(QR_CONNECTING);
    qr.start();
    return () => {
      off();
      qr.stop();
    };
  }, [enabled, signedInByQr]);

  return { state, failure, refresh: () => login?.refresh() };
}
