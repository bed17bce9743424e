import { LiaoError } from '@liao/client';
import { UserRoundX } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, serverFieldErrors } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { EmptyState } from '../../ui/EmptyState';
import { AuthCard } from './AuthCard';
import { AuthLanguage } from './AuthLanguage';
import { RouteLink } from './RouteLink';
import { SignUpForm, type SignUpValues } from './SignUpForm';
import '../../styles/screens.css';

type FieldErrors = Partial<Record<keyof SignUpValues, string>>;

const FIELDS = ['username', 'displayName', 'password'] as const;

/**
 * Anyone may make an account here (/signup, /m/signup) unless the operator closed sign-up
 * (LIAO_REGISTRATION=closed): then the page says so, and that accounts come from the operator.
 */
export function SignUpScreen() {
  const { t } = useTranslation();
  const signUp = useAppStore((s) => s.signUp);
  const registrationOpen = useAppStore((s) => s.registrationOpen);
  const loadRegistration = useAppStore((s) => s.loadRegistration);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  useEffect(() => {
    void loadRegistration();
  }, [loadRegistration]);

  async function submit(values: SignUpValues) {
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      await signUp(values);
    } catch (e) {
      setBusy(false);
      if (e instanceof LiaoError && (e.code === 'USERNAME_TAKEN' || e.code === 'USERNAME_RESERVED')) {
        setFieldErrors({ username: describeError(t, e) });
        return;
      }
      // The server's own checks, at the field they concern; anything else above the button.
      const byField = serverFieldErrors(t, e);
      const shown: FieldErrors = {};
      for (const field of FIELDS) {
        const message = byField[field];
        if (message) shown[field] = message;
      }
      if (Object.keys(shown).length > 0) setFieldErrors(shown);
      else setError(describeError(t, e));
    }
  }

  return (
    <AuthCard
      title={t('auth.signUpTitle')}
      subtitle={t('auth.signUpSubtitle')}
      corner={<AuthLanguage />}
      footer={
        <>
          {t('auth.haveAccount')}{' '}
          <RouteLink to={{ name: 'signIn' }} className="link-button">
            {t('auth.goSignIn')}
          </RouteLink>
        </>
      }
    >
      {registrationOpen === false ? (
        <EmptyState
          icon={<UserRoundX size={28} />}
          title={t('auth.registrationClosed')}
          body={t('auth.registrationClosedBody')}
        />
      ) : (
        <SignUpForm busy={busy} error={error} fieldErrors={fieldErrors} onSubmit={submit} />
      )}
    </AuthCard>
  );
}
