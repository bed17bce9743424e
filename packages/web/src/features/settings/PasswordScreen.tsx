import { LiaoError } from '@liao/client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { PaneHeader } from '../../ui/PaneHeader';
import { Section } from '../../ui/Section';
import { PasswordForm } from './PasswordForm';
import '../../styles/screens.css';

type Props = { onBack?: () => void };

export function PasswordScreen({ onBack }: Props) {
  const { t } = useTranslation();
  const me = useAppStore((s) => s.me);
  const changePassword = useAppStore((s) => s.changePassword);
  const showToast = useAppStore((s) => s.showToast);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [currentError, setCurrentError] = useState<string | null>(null);
  // A new key empties the form after a change.
  const [formKey, setFormKey] = useState(0);

  async function submit(currentPassword: string, newPassword: string) {
    setBusy(true);
    setError(null);
    setCurrentError(null);
    try {
      await changePassword(currentPassword, newPassword);
      showToast(t('settings.passwordChanged'));
      setFormKey((k) => k + 1);
    } catch (e) {
      if (e instanceof LiaoError && e.code === 'WRONG_PASSWORD') setCurrentError(describeError(t, e));
      else setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="pane">
      <PaneHeader title={t('settings.password')} onBack={onBack} backLabel={t('common.back')} />
      <div className="pane__body">
        <div className="pane__content">
          <Section padded note={t('settings.passwordHint')}>
            <PasswordForm
              key={formKey}
              username={me?.username ?? ''}
              busy={busy}
              error={error}
              currentError={currentError}
              onSubmit={(current, next) => void submit(current, next)}
            />
          </Section>
        </div>
      </div>
    </div>
  );
}
