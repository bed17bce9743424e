import type { TFunction } from 'i18next';
import { describeError } from '../../app/i18n/errors';

/** A call's failure in words: the browser's media refusals by their name, the server's by code. */
export function describeCallError(t: TFunction, error: unknown): string {
  if (error instanceof DOMException || (error instanceof Error && error.name.endsWith('Error'))) {
    switch (error.name) {
      case 'NotAllowedError':
      case 'SecurityError':
        return t('calls.mediaDenied');
      case 'NotFoundError':
      case 'OverconstrainedError':
        return t('calls.mediaMissing');
      case 'NotReadableError':
      case 'AbortError':
        return t('calls.mediaBusy');
      case 'TypeError':
      case 'ReferenceError':
        // No mediaDevices or RTCPeerConnection: an old browser, or a page not served over HTTPS.
        return t('calls.unsupported');
    }
  }
  return describeError(t, error);
}
