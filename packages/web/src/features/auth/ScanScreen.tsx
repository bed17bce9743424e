import { qrCodeFromText } from '@liao/protocol';
import { ChevronLeft, ImageIcon } from 'lucide-react';
import { type ChangeEvent, useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app/state/store';
import { Button } from '../../ui/Button';
import { QrViewfinder } from './QrViewfinder';
import { type CameraStatus, useQrCamera } from './useQrCamera';
import './QrScreens.css';

type Props = { onBack: () => void };

const CAMERA_PROBLEM = {
  denied: 'qr.cameraDenied',
  absent: 'qr.cameraAbsent',
  unsupported: 'qr.cameraUnsupported',
  failed: 'qr.cameraFailed',
} as const satisfies Record<Exclude<CameraStatus, 'starting' | 'live'>, string>;

/** 扫一扫: the back camera reads a desktop's sign-in code; a photo of one works too. */
export function ScanScreen({ onBack }: Props) {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  const videoRef = useRef<HTMLVideoElement>(null);
  const photoRef = useRef<HTMLInputElement>(null);
  const [attempt, setAttempt] = useState(0);
  const [hint, setHint] = useState<string | null>(null);
  const [found, setFound] = useState(false);

  const readText = useCallback(
    (text: string) => {
      const code = qrCodeFromText(text);
      if (!code) {
        setHint(t('qr.notLiaoCode'));
        return;
      }
      setFound(true);
      // Replace Scan in the history: back from the confirm page returns to the app, as in WeChat.
      navigate({ name: 'qrConfirm', code }, { replace: true });
    },
    [navigate, t],
  );
  const status = useQrCamera(videoRef, found ? () => {} : readText, attempt);

  async function choosePhoto(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const { decodeQrPhoto } = await import('./qrScanner');
    const text = await decodeQrPhoto(file);
    if (text) readText(text);
    else setHint(t('qr.photoNoCode'));
  }

  const problem = status === 'starting' || status === 'live' ? null : t(CAMERA_PROBLEM[status]);
  return (
    <div className="scan">
      <video ref={videoRef} className="scan__video" muted playsInline />
      <header className="scan__header">
        <button type="button" className="scan__back" onClick={onBack} aria-label={t('common.back')}>
          <ChevronLeft size={26} aria-hidden="true" />
        </button>
        <h1 className="scan__title">{t('qr.scanTitle')}</h1>
      </header>
      <div className="scan__middle">
        {problem ? (
          <div className="scan__problem" role="alert">
            <p>{problem}</p>
            {status !== 'unsupported' && (
              <Button onClick={() => setAttempt((n) => n + 1)}>{t('common.retry')}</Button>
            )}
          </div>
        ) : (
          <QrViewfinder label={t('qr.viewfinder')} active={status === 'live'} />
        )}
        <p className="scan__hint" aria-live="polite">
          {hint ?? (status === 'starting' ? t('qr.cameraStarting') : problem ? '' : t('qr.aim'))}
        </p>
      </div>
      <footer className="scan__footer">
        <button type="button" className="scan__photo" onClick={() => photoRef.current?.click()}>
          <span className="scan__photo-icon">
            <ImageIcon size={22} aria-hidden="true" />
          </span>
          {t('qr.choosePhoto')}
        </button>
        <input
          ref={photoRef}
          type="file"
          accept="image/*"
          hidden
          onChange={(event) => void choosePhoto(event)}
        />
      </footer>
    </div>
  );
}
