import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  checkDisplayName,
  checkPassword,
  checkUsername,
  type FieldProblem,
  LIMITS,
} from '../../lib/validation';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { TextField } from '../../ui/TextField';

export interface SignUpValues {
  username: string;
  displayName: string;
  password: string;
}

type Field = keyof SignUpValues;

type Props = {
  busy: boolean;
  error: string | null;
  /** Translated problems the server found, by field (USERNAME_TAKEN, VALIDATION_FAILED issues). */
  fieldErrors: Partial<Record<Field, string>>;
  onSubmit: (values: SignUpValues) => void;
};

const CHECKS: Record<Field, (value: string) => FieldProblem | null> = {
  username: checkUsername,
  displayName: checkDisplayName,
  password: checkPassword,
};

export function SignUpForm({ busy, error, fieldErrors, onSubmit }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState<SignUpValues>({ username: '', displayName: '', password: '' });
  const [tried, setTried] = useState(false);
  // A server error stays until its field is edited.
  const [editedSince, setEditedSince] = useState<{ source: Props['fieldErrors']; fields: Set<Field> }>({
    source: fieldErrors,
    fields: new Set(),
  });
  const edited = editedSince.source === fieldErrors ? editedSince.fields : new Set<Field>();

  function problem(field: Field): string | null {
    const local = CHECKS[field](values[field]);
    if (tried && local) return t(`validation.${local}`, { max: LIMITS.displayName });
    if (!edited.has(field)) return fieldErrors[field] ?? null;
    return null;
  }

  function change(field: Field) {
    return (value: string) => {
      setValues((v) => ({ ...v, [field]: value }));
      setEditedSince({ source: fieldErrors, fields: new Set(edited).add(field) });
    };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if ((Object.keys(CHECKS) as Field[]).some((field) => CHECKS[field](values[field]))) return;
    onSubmit({ ...values, displayName: values.displayName.trim() });
  }

  return (
    <form className="auth__form" noValidate onSubmit={submit}>
      <TextField
        label={t('auth.username')}
        placeholder={t('auth.usernamePlaceholder')}
        hint={t('auth.usernameHint')}
        value={values.username}
        onChange={change('username')}
        error={problem('username')}
        autoComplete="username"
        autoCapitalize="off"
        spellCheck={false}
        maxLength={32}
        autoFocus
      />
      <TextField
        label={t('auth.displayName')}
        placeholder={t('auth.displayNamePlaceholder')}
        hint={t('auth.displayNameHint')}
        value={values.displayName}
        onChange={change('displayName')}
        error={problem('displayName')}
        autoComplete="nickname"
      />
      <TextField
        label={t('auth.password')}
        placeholder={t('auth.passwordPlaceholder')}
        hint={t('auth.newPasswordHint')}
        type="password"
        value={values.password}
        onChange={change('password')}
        error={problem('password')}
        autoComplete="new-password"
        revealable={{ show: t('auth.showPassword'), hide: t('auth.hidePassword') }}
      />
      <FormError message={error} />
      <Button type="submit" variant="primary" size="l" block busy={busy} className="auth__submit">
        {busy ? t('auth.signingUp') : t('auth.signUp')}
      </Button>
    </form>
  );
}
