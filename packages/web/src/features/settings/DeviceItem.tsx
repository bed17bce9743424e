import type { Platform } from '@liao/protocol';
import { Bot, Globe, Monitor, Smartphone } from 'lucide-react';
import { Button } from '../../ui/Button';
import './DeviceItem.css';

type Props = {
  name: string;
  platform: Platform;
  platformLabel: string;
  /** "Active 5 minutes ago", already in the user's language. */
  activity: string;
  /** The "This device" tag, when it is this one. */
  currentLabel: string | null;
  signOutLabel: string;
  onSignOut?: () => void;
};

const ICONS = { desktop: Monitor, phone: Smartphone, web: Globe, bot: Bot } as const;

export function DeviceItem({
  name,
  platform,
  platformLabel,
  activity,
  currentLabel,
  signOutLabel,
  onSignOut,
}: Props) {
  const Icon = ICONS[platform];
  return (
    <div className="device">
      <span className="device__icon" title={platformLabel}>
        <Icon size={20} aria-label={platformLabel} />
      </span>
      <div className="device__text">
        <p className="device__name">
          <span className="truncate">{name}</span>
          {currentLabel && <span className="device__current">{currentLabel}</span>}
        </p>
        <p className="device__meta truncate">
          {platformLabel} · {activity}
        </p>
      </div>
      {onSignOut && (
        <Button size="s" onClick={onSignOut}>
          {signOutLabel}
        </Button>
      )}
    </div>
  );
}
