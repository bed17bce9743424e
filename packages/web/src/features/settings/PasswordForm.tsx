import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkPassword } from '../../lib/validation';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { TextField } from '../../ui/TextField';

type Props = {
  /** Filled into a hidden field so password managers know whose password this is. */
  username: string;
  busy: boolean;
  error: string | null;
  /** WRONG_PASSWORD, shown at the current-password field. */
  currentError: string | null;
  onSubmit: (currentPassword: string, newPassword: string) => void;
};

export function PasswordForm({ username, busy, error, currentError, onSubmit }: Props) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [tried, setTried] = useState(false);
  const reveal = { show: t('auth.showPassword'), hide: t('auth.hidePassword') };

  const currentProblem = current === '' ? 'required' : null;
  const nextProblem = checkPassword(next);
  const confirmProblem = confirm === '' ? 'required' : confirm !== next ? 'passwordMismatch' : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (currentProblem || nextProblem || confirmProblem) return;
    onSubmit(current, next);
  }

  return (
    <form className="settings-form" noValidate onSubmit={submit}>
      <input
        type="text"
        autoComplete="username"
        value={username}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        readOnly
      />
      <TextField
        label={t('settings.currentPassword')}
        type="password"
        value={current}
        onChange={setCurrent}
        autoComplete="current-password"
        revealable={reveal}
        error={(tried && currentProblem && t(`validation.${currentProblem}`)) || currentError}
      />
      <TextField
        label={t('settings.newPassword')}
        type="password"
        value={next}
        onChange={setNext}
        autoComplete="new-password"
        hint={t('auth.newPasswordHint')}
        revealable={reveal}
        error={tried && nextProblem ? t(`validation.${nextProblem}`) : null}
      />
      <TextField
        label={t('settings.confirmPassword')}
        type="password"
        value={confirm}
        onChange={setConfirm}
        autoComplete="new-password"
        revealable={reveal}
        error={tried && confirmProblem ? t(`validation.${confirmProblem}`) : null}
      />
      <FormError message={error} />
      <div className="settings-form__actions">
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? t('settings.changingPassword') : t('settings.changePassword')}
        </Button>
      </div>
    </form>
  );
}
