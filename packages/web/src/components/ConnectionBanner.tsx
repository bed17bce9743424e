import { WifiOff } from 'lucide-react';
import './ConnectionBanner.css';

type Props = {
  /** Shown only while the live link is down after having been up. */
  text: string | null;
};

export function ConnectionBanner({ text }: Props) {
  if (!text) return null;
  return (
    <div className="conn-banner" role="status">
      <WifiOff size={14} aria-hidden="true" />
      <span>{text}</span>
    </div>
  );
}
