import { BellOff, BellRing, LoaderCircle, TriangleAlert } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { notificationsSupported, requestNotificationPermission } from '../../app/useNotifications';
import { Button } from '../../ui/Button';
import { Section } from '../../ui/Section';
import { Switch } from '../../ui/Switch';
import type { PushState } from './pushSlice';
import './NotificationSettings.css';

/**
 * Settings → General: this device's notifications for new messages (while the app is open, and
 * through Web Push while it is closed), and whether they show who wrote and what.
 */
export function NotificationSettings() {
  const { t } = useTranslation();
  const notifications = useAppStore((s) => s.notifications);
  const preview = useAppStore((s) => s.notificationPreview);
  const pushState = useAppStore((s) => s.pushState);
  const setNotifications = useAppStore((s) => s.setNotifications);
  const setPreview = useAppStore((s) => s.setNotificationPreview);
  const syncPush = useAppStore((s) => s.syncPush);
  const disablePush = useAppStore((s) => s.disablePush);
  const applyPushPreview = useAppStore((s) => s.applyPushPreview);
  const showToast = useAppStore((s) => s.showToast);
  const [asking, setAsking] = useState(false);
  const supported = notificationsSupported();
  const on = supported && notifications;

  async function turn(wanted: boolean) {
    if (!wanted) {
      setNotifications(false);
      await disablePush();
      return;
    }
    setAsking(true);
    try {
      // The browser asks only in answer to this click; a refusal leaves the switch off.
      const allowed = await requestNotificationPermission();
      setNotifications(allowed);
      if (!allowed) showToast(t('list.notificationsDenied'), 'error');
      // The subscription follows (app/serviceWorkerBridge.ts usePushSync).
    } finally {
      setAsking(false);
    }
  }

  async function showPreview(show: boolean) {
    setPreview(show);
    try {
      await applyPushPreview();
    } catch (error) {
      // The server still writes notifications the old way: the switch says so.
      setPreview(!show);
      showToast(describeError(t, error), 'error');
    }
  }

  return (
    <Section title={t('list.notificationsSection')} padded>
      <Switch
        label={t('list.notifications')}
        hint={supported ? t('list.notificationsHint') : t('list.notificationsUnsupported')}
        checked={on}
        busy={asking || !supported}
        onChange={(wanted) => void turn(wanted)}
      />
      {on && <PushStatus state={pushState} onRetry={() => void syncPush()} />}
      <Switch
        label={t('list.preview')}
        hint={t('list.previewHint')}
        checked={preview}
        onChange={(show) => void showPreview(show)}
      />
    </Section>
  );
}

/** Whether the notifications also come while the app is closed (Web Push), and if not, why. */
function PushStatus({ state, onRetry }: { state: PushState; onRetry: () => void }) {
  const { t } = useTranslation();
  if (state === 'off') return null;
  const text = {
    on: t('list.pushOn'),
    busy: t('list.pushBusy'),
    failed: t('list.pushFailed'),
    unsupported: t('list.pushUnsupported'),
    insecure: t('list.pushInsecure'),
  }[state];
  const icon =
    state === 'on' ? (
      <BellRing size={16} aria-hidden="true" />
    ) : state === 'busy' ? (
      <LoaderCircle size={16} aria-hidden="true" className="spin" />
    ) : state === 'failed' ? (
      <TriangleAlert size={16} aria-hidden="true" />
    ) : (
      <BellOff size={16} aria-hidden="true" />
    );
  return (
    <div className={`push-status push-status--${state}`} role="status">
      {icon}
      <span className="push-status__text">{text}</span>
      {state === 'failed' && (
        <Button variant="secondary" size="s" onClick={onRetry}>
          {t('list.pushRetry')}
        </Button>
      )}
    </div>
  );
}
