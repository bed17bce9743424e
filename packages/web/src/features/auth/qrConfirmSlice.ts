import type { QrScanResult } from '@liao/protocol';
import type { SliceCreator } from '../../app/state/types';

/** The phone's side of QR sign-in: answering a code the desktop shows (QrConfirmScreen). No state of its own. */
export interface QrConfirmSlice {
  /** Scans a code: the desktop now shows who scanned; resolves to what is asking. */
  scanQr(code: string): Promise<QrScanResult>;
  /** Signs the desktop in, or refuses it. */
  answerQr(code: string, answer: 'confirm' | 'cancel'): Promise<void>;
  /** Cancels a scanned code nobody answered (the page was left): unguarded, as nobody waits for it. */
  abandonQr(code: string): Promise<void>;
}

export const createQrConfirmSlice: SliceCreator<QrConfirmSlice> = (_set, get, sdk) => ({
  scanQr(code) {
    return get().guard(sdk.api.scanQr(code));
  },

  answerQr(code, answer) {
    return get().guard(answer === 'confirm' ? sdk.api.confirmQr(code) : sdk.api.cancelQr(code));
  },

  abandonQr(code) {
    return sdk.api.cancelQr(code);
  },
});
