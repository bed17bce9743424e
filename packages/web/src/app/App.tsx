import { WifiOff } from 'lucide-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { SignInScreen, SignUpScreen } from '../features/auth';
import { DesktopShell } from '../layouts/desktop/DesktopShell';
import { PhoneShell } from '../layouts/phone/PhoneShell';
import { AppMark } from '../ui/AppMark';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { Toasts } from '../ui/Toasts';
import { isPublicRoute } from './state/routes';
import { useAppStore } from './state/store';
import { useNarrowScreen } from './useNarrowScreen';
import './App.css';

export function App() {
  const status = useAppStore((s) => s.status);
  const route = useAppStore((s) => s.route);
  const boot = useAppStore((s) => s.boot);
  const leaveSignIn = useAppStore((s) => s.leaveSignIn);
  const requireSignIn = useAppStore((s) => s.requireSignIn);
  const syncRoute = useAppStore((s) => s.syncRouteFromLocation);

  useEffect(() => {
    void boot();
    window.addEventListener('popstate', syncRoute);
    return () => window.removeEventListener('popstate', syncRoute);
  }, [boot, syncRoute]);

  // Keep the page and the session in step (after the back button, or a sign-out elsewhere).
  useEffect(() => {
    if (status === 'signedIn' && isPublicRoute(route)) leaveSignIn();
    if (status === 'signedOut' && !isPublicRoute(route)) requireSignIn();
  }, [status, route, leaveSignIn, requireSignIn]);

  return (
    <>
      <Page />
      <ToastHost />
    </>
  );
}

function Page() {
  const { t } = useTranslation();
  const status = useAppStore((s) => s.status);
  const route = useAppStore((s) => s.route);
  const phoneForced = useAppStore((s) => s.phoneForced);
  const boot = useAppStore((s) => s.boot);
  const narrow = useNarrowScreen();
  switch (status) {
    case 'booting':
      return (
        <div className="splash" aria-busy="true">
          <AppMark size={64} />
        </div>
      );
    case 'offline':
      return (
        <div className="splash">
          <EmptyState
            icon={<WifiOff size={28} />}
            title={t('boot.offlineTitle')}
            body={t('boot.offlineBody')}
            action={
              <Button variant="primary" onClick={() => void boot()}>
                {t('common.retry')}
              </Button>
            }
          />
        </div>
      );
    case 'signedOut':
      return route.name === 'signUp' ? <SignUpScreen /> : <SignInScreen />;
    case 'signedIn':
      return phoneForced || narrow ? <PhoneShell /> : <DesktopShell />;
  }
}

function ToastHost() {
  const toasts = useAppStore((s) => s.toasts);
  const dismiss = useAppStore((s) => s.dismissToast);
  return <Toasts toasts={toasts} onDismiss={dismiss} />;
}
