import type { LiaoError } from '@liao/client';
import { useEffect } from 'react';
import { useAppStore } from '../../app/state/store';
import type { QrPanelState } from './qrSignInModel';

/**
 * QR sign-in for as long as the sign-in page shows the code (`enabled`): the store's
 * qrSignIn slice holds the SDK's QrLogin; this opens it, closes it when the code goes away,
 * and reads what the panel shows.
 */
export function useQrSignIn(enabled: boolean): {
  state: QrPanelState;
  /** The refusal behind a `failed` state, for describeError. */
  failure: LiaoError | null;
  refresh: () => void;
} {
  const start = useAppStore((s) => s.startQrSignIn);
  const stop = useAppStore((s) => s.stopQrSignIn);
  const refresh = useAppStore((s) => s.refreshQrSignIn);
  const { state, failure } = useAppStore((s) => s.qrSignIn);

  useEffect(() => {
    if (!enabled) return;
    start();
    return stop;
  }, [enabled, start, stop]);

  return { state, failure, refresh };
}
