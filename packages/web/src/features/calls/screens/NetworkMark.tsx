import { Signal, SignalHigh, SignalLow, SignalMedium } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Quality } from '../engine/quality';

const ICONS = { good: SignalHigh, fair: SignalMedium, poor: SignalLow, unknown: Signal } as const;

/** Signal bars and their word for screen readers; poor is also coloured. */
export function NetworkMark({ quality }: { quality: Quality }) {
  const { t } = useTranslation();
  const Icon = ICONS[quality];
  const label = t(`calls.quality.${quality}`);
  return (
    <span className={`call-network call-network--${quality}`} role="img" aria-label={label} title={label}>
      <Icon size={18} aria-hidden="true" />
    </span>
  );
}
