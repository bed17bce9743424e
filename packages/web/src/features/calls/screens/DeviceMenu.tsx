import { Check, Settings2 } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../../app/state/store';
import { DropdownMenu, type MenuItem } from '../../../ui/DropdownMenu';
import type { DeviceKind } from '../engine/types';
import { canPickSpeaker, useMediaDevices } from './useMediaDevices';

const KINDS: { kind: DeviceKind; browserKind: MediaDeviceKind }[] = [
  { kind: 'microphone', browserKind: 'audioinput' },
  { kind: 'speaker', browserKind: 'audiooutput' },
  { kind: 'camera', browserKind: 'videoinput' },
];

/** The camera, microphone and speaker pickers, one menu; the chosen one of each is ticked. */
export function DeviceMenu({ video }: { video: boolean }) {
  const { t } = useTranslation();
  const devices = useMediaDevices();
  const chosen = useAppStore((s) => s.callDevices);
  const choose = useAppStore((s) => s.chooseCallDevice);
  const items = (): MenuItem[] =>
    KINDS.filter(
      ({ kind }) => (kind !== 'camera' || video) && (kind !== 'speaker' || canPickSpeaker),
    ).flatMap(({ kind, browserKind }) => {
      const own = devices.filter((d) => d.kind === browserKind);
      // The first of a kind is the system's default when nothing was picked.
      const picked = chosen[kind] ?? own[0]?.deviceId ?? null;
      return own.map((device, i) => ({
        id: `${kind}:${device.deviceId}`,
        label: `${t(`calls.${kind}`)} · ${device.label || t('calls.deviceN', { kind: t(`calls.${kind}`), n: i + 1 })}`,
        icon: device.deviceId === picked ? <Check size={15} /> : <span className="call-menu__blank" />,
        onSelect: () => void choose(kind, device.deviceId),
      }));
    });
  return (
    <DropdownMenu label={t('calls.devices')} items={items}>
      <button
        type="button"
        className="call-btn call-btn--plain call-btn--small"
        aria-label={t('calls.devices')}
        title={t('calls.devices')}
      >
        <Settings2 size={20} aria-hidden="true" />
      </button>
    </DropdownMenu>
  );
}
