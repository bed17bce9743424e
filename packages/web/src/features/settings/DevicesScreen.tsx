import type { Device } from '@liao/protocol';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { formatRelativeTime } from '../../lib/time';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { PaneHeader } from '../../ui/PaneHeader';
import { Section } from '../../ui/Section';
import { SkeletonRows } from '../../ui/SkeletonRows';
import { DeviceItem } from './DeviceItem';
import '../../styles/screens.css';

type Props = { onBack?: () => void };

type Confirming = { kind: 'one'; device: Device } | { kind: 'others' } | null;

/** The devices signed in to my account; sign out one, or all but this one. */
export function DevicesScreen({ onBack }: Props) {
  const { t } = useTranslation();
  const devices = useAppStore((s) => s.devices);
  const status = useAppStore((s) => s.devicesStatus);
  const locale = useAppStore((s) => s.locale);
  const loadDevices = useAppStore((s) => s.loadDevices);
  const signOutDevice = useAppStore((s) => s.signOutDevice);
  const signOutOthers = useAppStore((s) => s.signOutOtherDevices);
  const showToast = useAppStore((s) => s.showToast);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void loadDevices();
  }, [loadDevices]);

  const now = Date.now();
  const sorted = [...devices].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.lastActiveAt - a.lastActiveAt,
  );
  const others = sorted.filter((d) => !d.current).length;

  async function confirm() {
    if (!confirming) return;
    setBusy(true);
    setError(null);
    try {
      if (confirming.kind === 'one') await signOutDevice(confirming.device.id);
      else showToast(t('settings.signedOutOthers', { count: await signOutOthers() }));
      setConfirming(null);
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="pane">
      <PaneHeader title={t('settings.devices')} onBack={onBack} backLabel={t('common.back')} />
      <div className="pane__body">
        <div className="pane__content">
          <Section note={others === 0 && status === 'ready' ? t('settings.noOtherDevices') : undefined}>
            {status === 'ready' || devices.length > 0 ? (
              <ul>
                {sorted.map((device) => (
                  <li key={device.id}>
                    <DeviceItem
                      name={device.name}
                      platform={device.platform}
                      platformLabel={t(`settings.platform.${device.platform}`)}
                      activity={t('settings.lastActive', {
                        time: formatRelativeTime(device.lastActiveAt, now, locale),
                      })}
                      currentLabel={device.current ? t('settings.thisDevice') : null}
                      signOutLabel={t('settings.signOutDevice')}
                      onSignOut={device.current ? undefined : () => setConfirming({ kind: 'one', device })}
                    />
                  </li>
                ))}
              </ul>
            ) : status === 'error' ? (
              <div className="load-error" role="alert">
                {t('common.loadFailed')}
                <Button size="s" onClick={() => void loadDevices()}>
                  {t('common.retry')}
                </Button>
              </div>
            ) : (
              <SkeletonRows count={2} label={t('settings.devices')} />
            )}
          </Section>
          {others > 0 && (
            <div className="devices__others">
              <Button variant="danger" onClick={() => setConfirming({ kind: 'others' })}>
                {t('settings.signOutOthers')}
              </Button>
            </div>
          )}
        </div>
      </div>
      <ConfirmDialog
        open={confirming !== null}
        title={
          confirming?.kind === 'one' ? t('settings.signOutDeviceConfirmTitle') : t('settings.signOutOthers')
        }
        body={
          confirming?.kind === 'one'
            ? t('settings.signOutDeviceConfirmBody', { name: confirming.device.name })
            : t('settings.signOutOthersConfirmBody')
        }
        confirmLabel={t('settings.signOutDevice')}
        cancelLabel={t('common.cancel')}
        danger
        busy={busy}
        error={error}
        onCancel={() => {
          setConfirming(null);
          setError(null);
        }}
        onConfirm={() => void confirm()}
      />
    </div>
  );
}
