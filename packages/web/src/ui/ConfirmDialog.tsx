import { Button } from './Button';
import './ConfirmDialog.css';
import { Dialog, DialogDescription, DialogTitle } from './Dialog';

type Props = {
  open: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  cancelLabel: string;
  /** A destructive action: red button, and focus starts on Cancel. */
  danger?: boolean;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
};

/** A modal question before something that cannot be undone. */
export function ConfirmDialog({
  open,
  title,
  body,
  confirmLabel,
  cancelLabel,
  danger = false,
  busy = false,
  error,
  onConfirm,
  onCancel,
}: Props) {
  return (
    <Dialog open={open} onClose={onCancel} busy={busy} className="confirm" described>
      <DialogTitle className="confirm__title">{title}</DialogTitle>
      <DialogDescription className="confirm__body">{body}</DialogDescription>
      {error && (
        <p className="confirm__error" role="alert">
          {error}
        </p>
      )}
      <div className="confirm__actions">
        <Button onClick={onCancel} disabled={busy} autoFocus={danger}>
          {cancelLabel}
        </Button>
        <Button variant={danger ? 'danger' : 'primary'} onClick={onConfirm} busy={busy} autoFocus={!danger}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
