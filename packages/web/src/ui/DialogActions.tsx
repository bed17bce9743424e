import type { ReactNode } from 'react';
import { Button } from './Button';
import './DialogActions.css';

type Props = {
  /** Why the last try failed, said above the buttons. */
  error?: string | null;
  /** While it runs: the primary button spins and Cancel waits. */
  busy?: boolean;
  cancelLabel: string;
  onCancel: () => void;
  /** The primary button, which submits the dialog's form. */
  confirmLabel: string;
  confirmDisabled?: boolean;
  /** At the start of the row: why the primary button waits. */
  note?: ReactNode;
  /** The dialog's own spacing. */
  className?: string;
};

/** The end of a dialog's form: its failure, then Cancel and the button that submits it. */
export function DialogActions({
  error,
  busy = false,
  cancelLabel,
  onCancel,
  confirmLabel,
  confirmDisabled = false,
  note,
  className,
}: Props) {
  return (
    <>
      {error && (
        <p className="dialog-actions__error" role="alert">
          {error}
        </p>
      )}
      <div className={['dialog-actions', className].filter(Boolean).join(' ')}>
        {note && <span className="dialog-actions__note">{note}</span>}
        <Button onClick={onCancel} disabled={busy}>
          {cancelLabel}
        </Button>
        <Button type="submit" variant="primary" disabled={confirmDisabled} busy={busy}>
          {confirmLabel}
        </Button>
      </div>
    </>
  );
}
