import { X } from 'lucide-react';
import { IconButton } from './IconButton';
import './DialogCloseButton.css';

type Props = {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  /** The dialog's own placing of it (the phone's share header leads with it). */
  className?: string;
};

/** The × at the end of a dialog's header, its edge in line with the dialog's padding. */
export function DialogCloseButton({ label, onClick, disabled, className }: Props) {
  return (
    <IconButton
      label={label}
      icon={<X size={18} aria-hidden="true" />}
      onClick={onClick}
      disabled={disabled}
      className={['dialog-close', className].filter(Boolean).join(' ')}
    />
  );
}
