import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app/state/store';
import { notificationsSupported, requestNotificationPermission } from '../../app/useNotifications';
import { Section } from '../../ui/Section';
import { Switch } from '../../ui/Switch';

/** Settings → General: system notifications for new messages, and whether they show the text. */
export function NotificationSettings() {
  const { t } = useTranslation();
  const notifications = useAppStore((s) => s.notifications);
  const preview = useAppStore((s) => s.notificationPreview);
  const setNotifications = useAppStore((s) => s.setNotifications);
  const setPreview = useAppStore((s) => s.setNotificationPreview);
  const showToast = useAppStore((s) => s.showToast);
  const [asking, setAsking] = useState(false);
  const supported = notificationsSupported();

  async function turn(on: boolean) {
    if (!on) {
      setNotifications(false);
      return;
    }
    setAsking(true);
    try {
      // The browser asks only in answer to this click; a refusal leaves the switch off.
      const allowed = await requestNotificationPermission();
      setNotifications(allowed);
      if (!allowed) showToast(t('list.notificationsDenied'), 'error');
    } finally {
      setAsking(false);
    }
  }

  return (
    <Section title={t('list.notificationsSection')} padded>
      <Switch
        label={t('list.notifications')}
        hint={supported ? t('list.notificationsHint') : t('list.notificationsUnsupported')}
        checked={supported && notifications}
        busy={asking || !supported}
        onChange={(on) => void turn(on)}
      />
      <Switch
        label={t('list.preview')}
        hint={t('list.previewHint')}
        checked={preview}
        onChange={setPreview}
      />
    </Section>
  );
}
