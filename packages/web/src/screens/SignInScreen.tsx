import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthCard } from '../components/AuthCard';
import { SignInForm, type SignInValues } from '../components/SignInForm';
import { describeError } from '../i18n/errors';
import { useAppStore } from '../state/store';
import { AuthLanguage } from './AuthLanguage';
import { RouteLink } from './RouteLink';
import './screens.css';

export function SignInScreen() {
  const { t } = useTranslation();
  const signIn = useAppStore((s) => s.signIn);
  const notice = useAppStore((s) => s.notice);
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

  return (
    <AuthCard
      title={t('auth.signInTitle')}
      subtitle={t('auth.signInSubtitle')}
      corner={<AuthLanguage />}
      footer={
        <>
          {t('auth.noAccount')}{' '}
          <RouteLink to={{ name: 'signUp' }} className="link-button">
            {t('auth.goSignUp')}
          </RouteLink>
        </>
      }
    >
      {notice === 'sessionEnded' && <p className="auth-notice">{t('auth.sessionEnded')}</p>}
      <SignInForm busy={busy} error={error} onSubmit={submit} />
    </AuthCard>
  );
}
