import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { TextField } from '../../ui/TextField';

export interface SignInValues {
  username: string;
  password: string;
}

type Props = {
  busy: boolean;
  /** Translated failure of the last attempt. */
  error: string | null;
  onSubmit: (values: SignInValues) => void;
  /** Shown just above the button, so it is seen before signing in (keep history here). */
  options?: ReactNode;
};

export function SignInForm({ busy, error, onSubmit, options }: Props) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);
  const usernameError = tried && username.trim() === '' ? t('validation.required') : null;
  const passwordError = tried && password === '' ? t('validation.required') : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (username.trim() === '' || password === '') return;
    onSubmit({ username: username.trim(), password });
  }

  return (
    <form className="auth__form" noValidate onSubmit={submit}>
      <TextField
        label={t('auth.username')}
        placeholder={t('auth.usernamePlaceholder')}
        value={username}
        onChange={setUsername}
        error={usernameError}
        autoComplete="username"
        autoCapitalize="off"
        spellCheck={false}
        autoFocus
      />
      <TextField
        label={t('auth.password')}
        placeholder={t('auth.passwordPlaceholder')}
        type="password"
        value={password}
        onChange={setPassword}
        error={passwordError}
        autoComplete="current-password"
        revealable={{ show: t('auth.showPassword'), hide: t('auth.hidePassword') }}
      />
      {options}
      <FormError message={error} />
      <Button type="submit" variant="primary" size="l" block busy={busy} className="auth__submit">
        {busy ? t('auth.signingIn') : t('auth.signIn')}
      </Button>
    </form>
  );
}
