import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app/state/store';
import { describeCallError } from './callErrors';

// The call screens, the ringtone and the engine are fetched on the first ring or call.
const CallScreens = lazy(() => import('./screens/CallScreens'));

/**
 * Hosted by each shell, above its pages: the incoming call, the call screen or its minimised
 * window. Nothing loads until a call rings or starts.
 */
export function CallLayer({ layout }: { layout: 'desktop' | 'phone' }) {
  const { t } = useTranslation();
  const ringing = useAppStore((s) => s.callIncoming.length > 0);
  const inCall = useAppStore((s) => s.callActive !== null);
  const error = useAppStore((s) => s.callError);
  const showToast = useAppStore((s) => s.showToast);
  const clearCallError = useAppStore((s) => s.clearCallError);

  useEffect(() => {
    if (error === null) return;
    showToast(describeCallError(t, error), 'error');
    clearCallError();
  }, [error, showToast, clearCallError, t]);

  if (!ringing && !inCall) return null;
  return (
    <Suspense fallback={null}>
      <CallScreens layout={layout} />
    </Suspense>
  );
}
