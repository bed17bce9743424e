import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkDisplayName, checkSignature, LIMITS } from '../../lib/validation';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { TextField } from '../../ui/TextField';

export interface ProfileValues {
  displayName: string;
  signature: string;
}

type Props = {
  /** The saved values; the form starts from them. */
  initial: ProfileValues;
  busy: boolean;
  error: string | null;
  onSave: (values: ProfileValues) => void;
};

/** Display name and signature, saved together; the button wakes when something changed. */
export function ProfileForm({ initial, busy, error, onSave }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState(initial);
  const nameProblem = checkDisplayName(values.displayName);
  const signatureProblem = checkSignature(values.signature);
  const changed =
    values.displayName.trim() !== initial.displayName || values.signature.trim() !== initial.signature;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!changed || nameProblem || signatureProblem) return;
    onSave({ displayName: values.displayName.trim(), signature: values.signature.trim() });
  }

  return (
    <form className="settings-form" noValidate onSubmit={submit}>
      <TextField
        label={t('settings.displayName')}
        value={values.displayName}
        onChange={(displayName) => setValues((v) => ({ ...v, displayName }))}
        maxChars={LIMITS.displayName}
        error={nameProblem ? t(`validation.${nameProblem}`, { max: LIMITS.displayName }) : null}
        autoComplete="nickname"
      />
      <TextField
        label={t('settings.signature')}
        placeholder={t('settings.signaturePlaceholder')}
        value={values.signature}
        onChange={(signature) => setValues((v) => ({ ...v, signature }))}
        maxChars={LIMITS.signature}
        error={signatureProblem ? t(`validation.${signatureProblem}`, { max: LIMITS.signature }) : null}
      />
      <FormError message={error} />
      <div className="settings-form__actions">
        <Button
          type="submit"
          variant="primary"
          busy={busy}
          disabled={!changed || Boolean(nameProblem || signatureProblem)}
        >
          {busy ? t('common.saving') : t('common.save')}
        </Button>
      </div>
    </form>
  );
}
