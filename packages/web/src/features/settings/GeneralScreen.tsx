import { Monitor, Moon, Sun } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { LOCALE_NAMES, LOCALES } from '../../app/i18n';
import type { Theme } from '../../app/state/prefsSlice';
import { useAppStore } from '../../app/state/store';
import { modifierKeyName, type SendKey } from '../../lib/sendKey';
import { AppMark } from '../../ui/AppMark';
import { PaneHeader } from '../../ui/PaneHeader';
import { Section } from '../../ui/Section';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { Switch } from '../../ui/Switch';
import { NotificationSettings } from './NotificationSettings';
import '../../styles/screens.css';

type Props = { onBack?: () => void };

/** Language, theme and the send key: choices of this device, kept in this browser. */
export function GeneralScreen({ onBack }: Props) {
  const { t } = useTranslation();
  const locale = useAppStore((s) => s.locale);
  const theme = useAppStore((s) => s.theme);
  const setLocale = useAppStore((s) => s.setLocale);
  const setTheme = useAppStore((s) => s.setTheme);
  const sendKey = useAppStore((s) => s.sendKey);
  const setSendKey = useAppStore((s) => s.setSendKey);
  const videoHoverAutoplay = useAppStore((s) => s.videoHoverAutoplay);
  const setVideoHoverAutoplay = useAppStore((s) => s.setVideoHoverAutoplay);
  const mod = modifierKeyName();
  const sendKeys: { value: SendKey; label: string }[] = [
    { value: 'enter', label: t('composer.sendWithEnter') },
    { value: 'modEnter', label: t('composer.sendWithMod', { mod }) },
  ];
  const themes: { value: Theme; label: string; icon: React.ReactNode }[] = [
    { value: 'system', label: t('settings.themeSystem'), icon: <Monitor size={15} aria-hidden="true" /> },
    { value: 'light', label: t('settings.themeLight'), icon: <Sun size={15} aria-hidden="true" /> },
    { value: 'dark', label: t('settings.themeDark'), icon: <Moon size={15} aria-hidden="true" /> },
  ];
  return (
    <div className="pane">
      <PaneHeader title={t('settings.general')} onBack={onBack} backLabel={t('common.back')} />
      <div className="pane__body">
        <div className="pane__content">
          <Section title={t('settings.language')} padded>
            <SegmentedControl
              label={t('settings.language')}
              options={LOCALES.map((value) => ({ value, label: LOCALE_NAMES[value] }))}
              value={locale}
              onChange={setLocale}
            />
          </Section>
          <Section title={t('settings.theme')} padded>
            <SegmentedControl
              label={t('settings.theme')}
              options={themes}
              value={theme}
              onChange={setTheme}
            />
          </Section>
          <Section
            title={t('composer.sendKey')}
            note={sendKey === 'enter' ? t('composer.hintEnter') : t('composer.hintMod', { mod })}
            padded
          >
            <SegmentedControl
              label={t('composer.sendKey')}
              options={sendKeys}
              value={sendKey}
              onChange={setSendKey}
            />
          </Section>
          <NotificationSettings />
          <Section title={t('videoChat.cardUntitled')} padded>
            <Switch
              label={t('videoChat.hoverAutoplay')}
              hint={t('videoChat.hoverAutoplayNote')}
              checked={videoHoverAutoplay}
              onChange={setVideoHoverAutoplay}
            />
          </Section>
          <p className="about">
            <AppMark size={20} />
            {t('settings.about')}
          </p>
        </div>
      </div>
    </div>
  );
}
