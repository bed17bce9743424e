import { KeyRound, QrCode } from 'lucide-react';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { useNarrowScreen } from '../../app/useNarrowScreen';
import { AuthCard } from './AuthCard';
import { AuthLanguage } from './AuthLanguage';
import { AuthNotice } from './AuthNotice';
import { CheckboxField } from './CheckboxField';
import { QrSignInPanel } from './QrSignInPanel';
import { RouteLink } from './RouteLink';
import { SignInForm, type SignInValues } from './SignInForm';
import { describeSignOut } from './signOut';
import { useQrSignIn } from './useQrSignIn';
import '../../styles/screens.css';
import './SignInScreen.css';

/**
 * The desktop opens on the QR code, as WeChat's and Douyin's desktop apps do, with the password
 * one click away; the phone (where accounts are made, and which has no phone to scan with)
 * signs in with the password only. Either way the page says why it shows when the person did
 * not choose it (signed out from the phone, expired…), and asks whether to keep the chat
 * history on this computer, off unless ticked (app/state/localData.ts).
 */
export function SignInScreen() {
  const { t } = useTranslation();
  const notice = useAppStore((s) => s.notice);
  const phoneForced = useAppStore((s) => s.phoneForced);
  const keepHistory = useAppStore((s) => s.keepHistory);
  const chooseKeepHistory = useAppStore((s) => s.chooseKeepHistory);
  const registrationOpen = useAppStore((s) => s.registrationOpen);
  const loadRegistration = useAppStore((s) => s.loadRegistration);
  const narrow = useNarrowScreen();
  const phone = phoneForced || narrow;
  const [withPassword, setWithPassword] = useState(false);
  const showQr = !phone && !withPassword;
  const qr = useQrSignIn(showQr);

  useEffect(() => {
    void loadRegistration();
  }, [loadRegistration]);

  // Under the code, or above the password form's button: seen before signing in either way.
  const keepBox = (
    <CheckboxField
      label={phone ? t('auth.keepHistoryPhone') : t('auth.keepHistory')}
      checked={keepHistory}
      onChange={chooseKeepHistory}
    />
  );

  return (
    <AuthCard
      title={t('auth.signInTitle')}
      subtitle={t('auth.signInSubtitle')}
      corner={<AuthLanguage />}
      footer={
        registrationOpen === false ? (
          t('auth.registrationClosedFooter')
        ) : (
          <>
            {t('auth.noAccount')}{' '}
            <RouteLink to={{ name: 'signUp' }} className="link-button">
              {t('auth.goSignUp')}
            </RouteLink>
          </>
        )
      }
    >
      {notice && <AuthNotice lines={describeSignOut(t, notice, phone)} />}
      {showQr ? (
        <>
          <QrSignInPanel
            state={qr.state}
            failure={qr.failure ? describeError(t, qr.failure) : null}
            onRefresh={qr.refresh}
          />
          {keepBox}
        </>
      ) : (
        <PasswordSignIn options={keepBox} />
      )}
      {!phone && (
        <button
          type="button"
          className="link-button auth__switch"
          onClick={() => setWithPassword((on) => !on)}
        >
          {showQr ? <KeyRound size={15} aria-hidden="true" /> : <QrCode size={15} aria-hidden="true" />}
          {showQr ? t('qr.usePassword') : t('qr.useQr')}
        </button>
      )}
    </AuthCard>
  );
}

function PasswordSignIn({ options }: { options: ReactNode }) {
  const { t } = useTranslation();
  const signIn = useAppStore((s) => s.signIn);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit({ username, password }: SignInValues) {
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password);
    } catch (e) {
      setError(describeError(t, e));
      setBusy(false);
    }
  }

  return <SignInForm busy={busy} error={error} onSubmit={submit} options={options} />;
}
