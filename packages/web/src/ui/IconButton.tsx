import type { ReactNode } from 'react';
import './IconButton.css';

type Props = {
  /** What the button does, for screen readers and the tooltip. */
  label: string;
  icon: ReactNode;
  onClick: () => void;
  className?: string;
  disabled?: boolean;
};

export function IconButton({ label, icon, onClick, className, disabled }: Props) {
  return (
    <button
      type="button"
      className={['icon-btn', className].filter(Boolean).join(' ')}
      aria-label={label}
      title={label}
      onClick={onClick}
      disabled={disabled}
    >
      {icon}
    </button>
  );
}
