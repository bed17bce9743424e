import { CircleCheck, CircleX, LoaderCircle, RotateCw } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../ui/Avatar';
import { Button } from '../../ui/Button';
import { QrCodeImage } from './QrCodeImage';
import type { QrPanelState } from './qrSignInModel';
import './QrSignInPanel.css';

const CODE_SIZE = 196;

type Props = {
  state: QrPanelState;
  /** The refusal behind a `failed` state, in words. */
  failure: string | null;
  /** Asks for a new code (after cancel, a dead code, a refusal, or "back" once scanned). */
  onRefresh: () => void;
};

/** The desktop sign-in page's QR code and what has happened to it, as WeChat's desktop shows it. */
export function QrSignInPanel({ state, failure, onRefresh }: Props) {
  const { t } = useTranslation();
  switch (state.phase) {
    case 'scanned':
      return (
        <div className="qr-panel" aria-live="polite">
          <div className="qr-panel__who">
            <Avatar name={state.scanner.displayName} src={state.scanner.avatarUrl} size={88} />
            <CircleCheck className="qr-panel__tick" size={26} aria-hidden="true" />
          </div>
          <p className="qr-panel__name truncate">{state.scanner.displayName}</p>
          <p className="qr-panel__title">{t('qr.scannedTitle')}</p>
          <p className="qr-panel__hint">{t('qr.confirmOnPhone')}</p>
          <button type="button" className="link-button qr-panel__back" onClick={onRefresh}>
            {t('qr.backToCode')}
          </button>
        </div>
      );
    case 'signingIn':
      return (
        <div className="qr-panel" aria-live="polite" aria-busy="true">
          <div className="qr-panel__who qr-panel__who--busy">
            <LoaderCircle className="spin" size={32} aria-hidden="true" />
          </div>
          <p className="qr-panel__title">{t('qr.signingIn')}</p>
        </div>
      );
    case 'cancelled':
      return (
        <div className="qr-panel" aria-live="polite">
          <div className="qr-panel__who qr-panel__who--quiet">
            <CircleX size={40} strokeWidth={1.5} aria-hidden="true" />
          </div>
          <p className="qr-panel__title">{t('qr.cancelled')}</p>
          <Button variant="primary" className="qr-panel__again" onClick={onRefresh}>
            {t('qr.scanAgain')}
          </Button>
        </div>
      );
    default:
      return <CodeBox state={state} failure={failure} onRefresh={onRefresh} />;
  }
}

/** The code itself, or the box it will be in, with an overlay when it cannot be scanned. */
function CodeBox({ state, failure, onRefresh }: Props) {
  const { t } = useTranslation();
  const qrUrl = state.phase === 'waiting' || state.phase === 'offline' ? state.qrUrl : null;
  const dead = state.phase === 'offline' || state.phase === 'failed';
  const busy = state.phase === 'connecting' || state.phase === 'expired';
  return (
    <div className="qr-panel">
      <div className="qr-panel__box" aria-busy={busy || undefined}>
        {qrUrl ? (
          <QrCodeImage
            text={qrUrl}
            size={CODE_SIZE}
            label={t('qr.codeLabel')}
            className={`qr-panel__code${dead ? ' qr-panel__code--dead' : ''}`}
          />
        ) : (
          <div className="qr-panel__placeholder" />
        )}
        {busy && (
          <div className="qr-panel__overlay" role="status">
            <LoaderCircle className="spin" size={24} aria-hidden="true" />
            <span>{t('qr.connecting')}</span>
          </div>
        )}
        {dead && (
          <button type="button" className="qr-panel__overlay qr-panel__overlay--dead" onClick={onRefresh}>
            <span className="qr-panel__overlay-text">
              {state.phase === 'failed' && failure ? failure : t('qr.expired')}
            </span>
            <span className="qr-panel__refresh">
              <RotateCw size={16} aria-hidden="true" />
              {t('qr.refresh')}
            </span>
          </button>
        )}
      </div>
      <p className="qr-panel__hint">{t('qr.scanHint')}</p>
      <p className="qr-panel__howto">{t('qr.howTo')}</p>
    </div>
  );
}
