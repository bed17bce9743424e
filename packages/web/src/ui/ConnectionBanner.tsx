import { MonitorSmartphone, WifiOff } from 'lucide-react';
import { Button } from './Button';
import './ConnectionBanner.css';

type Props = {
  /** Shown only while the live link is down after having been up. */
  text: string | null;
  /** Why: a dropped link (it reconnects by itself) or a place taken by newer connections. */
  reason?: 'offline' | 'displaced' | undefined;
  /** A button after the text (e.g. "reconnect here"), when the link waits for the person. */
  actionLabel?: string | undefined;
  onAction?: (() => void) | undefined;
};

export function ConnectionBanner({ text, reason = 'offline', actionLabel, onAction }: Props) {
  if (!text) return null;
  const Icon = reason === 'displaced' ? MonitorSmartphone : WifiOff;
  return (
    <div className="conn-banner" role="status">
      <Icon size={14} aria-hidden="true" />
      <span className="conn-banner__text">{text}</span>
      {actionLabel && onAction && (
        <Button size="s" variant="secondary" onClick={onAction}>
          {actionLabel}
        </Button>
      )}
    </div>
  );
}
