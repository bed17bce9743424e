import { LiaoError } from '@liao/client';
import type { QrScanResult } from '@liao/protocol';
import { CircleCheck, CircleX, LoaderCircle, Monitor, MonitorX } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { formatClock, formatDate } from '../../lib/time';
import { Button } from '../../ui/Button';
import { PaneHeader } from '../../ui/PaneHeader';
import { QrRequestDetails } from './QrRequestDetails';
import './QrScreens.css';

type Props = { code: string; onDone: () => void };

type Stage =
  | { kind: 'reading' }
  | { kind: 'asking'; request: QrScanResult }
  | { kind: 'refused'; message: string }
  | { kind: 'signedIn' }
  | { kind: 'cancelled' };

/** Tokens the server gives for a place it knows only roughly (qrLogin/place.ts). */
const PLACE_TOKENS = new Set(['local', 'private']);

/**
 * A scanned sign-in code: scan it (the desktop now shows who scanned), show what is asking,
 * then sign it in or cancel. Leaving without answering cancels, so the desktop is not left
 * waiting on a question nobody will answer.
 */
export function QrConfirmScreen({ code, onDone }: Props) {
  const { t } = useTranslation();
  const scanQr = useAppStore((s) => s.scanQr);
  const answerQr = useAppStore((s) => s.answerQr);
  const abandonQr = useAppStore((s) => s.abandonQr);
  const locale = useAppStore((s) => s.locale);
  const [stage, setStage] = useState<Stage>({ kind: 'reading' });
  const [busy, setBusy] = useState<'confirm' | 'cancel' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pending = useRef(false);

  useEffect(() => {
    let live = true;
    scanQr(code)
      .then((request) => {
        if (!live) return;
        pending.current = true;
        setStage({ kind: 'asking', request });
      })
      .catch((e: unknown) => {
        if (live) setStage({ kind: 'refused', message: describeError(t, e) });
      });
    return () => {
      live = false;
      if (pending.current) void abandonQr(code).catch(() => {});
    };
  }, [code, scanQr, abandonQr, t]);

  async function answer(kind: 'confirm' | 'cancel') {
    setBusy(kind);
    setError(null);
    try {
      await answerQr(code, kind);
      pending.current = false;
      setStage({ kind: kind === 'confirm' ? 'signedIn' : 'cancelled' });
    } catch (e) {
      // A code that died meanwhile (expired, the desktop closed) cannot be answered any more.
      if (e instanceof LiaoError && e.code.startsWith('QR_')) {
        pending.current = false;
        setStage({ kind: 'refused', message: describeError(t, e) });
      } else {
        setError(describeError(t, e));
      }
    } finally {
      setBusy(null);
    }
  }

  function placeOf(request: QrScanResult): string {
    if (request.place === null) return t('qr.placeUnknown');
    return PLACE_TOKENS.has(request.place)
      ? t(`qr.places.${request.place as 'local' | 'private'}`)
      : request.place;
  }

  let body: React.ReactNode;
  let actions: React.ReactNode;
  switch (stage.kind) {
    case 'reading':
      body = (
        <div className="qr-confirm__reading" role="status" aria-busy="true">
          <LoaderCircle className="spin" size={28} aria-hidden="true" />
          <p className="qr-confirm__text">{t('qr.reading')}</p>
        </div>
      );
      break;
    case 'asking': {
      const { request } = stage;
      body = (
        <>
          <Monitor className="qr-confirm__icon" size={64} strokeWidth={1.3} aria-hidden="true" />
          <h2 className="qr-confirm__heading">{t('qr.heading')}</h2>
          <QrRequestDetails
            lines={[
              { label: t('qr.device'), value: request.device.name },
              { label: t('qr.place'), value: placeOf(request) },
              { label: t('qr.ip'), value: request.ip },
              {
                label: t('qr.time'),
                value: `${formatDate(request.requestedAt, locale)} ${formatClock(request.requestedAt, locale)}`,
              },
            ]}
            warning={t('qr.warning')}
          />
          {error && (
            <p className="qr-confirm__error" role="alert">
              {error}
            </p>
          )}
        </>
      );
      actions = (
        <>
          <Button
            variant="primary"
            size="l"
            block
            busy={busy === 'confirm'}
            disabled={busy !== null}
            onClick={() => void answer('confirm')}
          >
            {t('qr.confirm')}
          </Button>
          <Button
            size="l"
            block
            busy={busy === 'cancel'}
            disabled={busy !== null}
            onClick={() => void answer('cancel')}
          >
            {t('qr.cancel')}
          </Button>
        </>
      );
      break;
    }
    case 'refused':
      body = (
        <>
          <MonitorX className="qr-confirm__icon" size={64} strokeWidth={1.3} aria-hidden="true" />
          <h2 className="qr-confirm__heading">{t('qr.refused')}</h2>
          <p className="qr-confirm__text" role="alert">
            {stage.message}
          </p>
        </>
      );
      break;
    case 'signedIn':
      body = (
        <>
          <CircleCheck
            className="qr-confirm__icon qr-confirm__icon--done"
            size={64}
            strokeWidth={1.3}
            aria-hidden="true"
          />
          <h2 className="qr-confirm__heading">{t('qr.signedIn')}</h2>
          <p className="qr-confirm__text">{t('qr.signedInBody')}</p>
        </>
      );
      break;
    case 'cancelled':
      body = (
        <>
          <CircleX className="qr-confirm__icon" size={64} strokeWidth={1.3} aria-hidden="true" />
          <h2 className="qr-confirm__heading">{t('qr.cancelledDone')}</h2>
          <p className="qr-confirm__text">{t('qr.cancelledBody')}</p>
        </>
      );
      break;
  }
  if (stage.kind !== 'asking') {
    actions = (
      <Button variant={stage.kind === 'signedIn' ? 'primary' : 'secondary'} size="l" block onClick={onDone}>
        {t('qr.done')}
      </Button>
    );
  }

  return (
    <div className="qr-confirm">
      <PaneHeader title={t('qr.confirmTitle')} onBack={onDone} backLabel={t('common.back')} />
      <div className="qr-confirm__body">{body}</div>
      <div className="qr-confirm__actions">{actions}</div>
    </div>
  );
}
