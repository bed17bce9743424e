import { useTranslation } from 'react-i18next';
import { LOCALE_NAMES, LOCALES } from '../../app/i18n';
import { useAppStore } from '../../app/state/store';
import { LanguageSwitch } from './LanguageSwitch';

/** The language picker in the corner of the sign-in and sign-up pages. */
export function AuthLanguage() {
  const { t } = useTranslation();
  const locale = useAppStore((s) => s.locale);
  const setLocale = useAppStore((s) => s.setLocale);
  return (
    <LanguageSwitch
      locales={LOCALES}
      names={LOCALE_NAMES}
      value={locale}
      onChange={setLocale}
      label={t('settings.language')}
    />
  );
}
