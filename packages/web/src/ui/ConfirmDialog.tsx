import { Button } from './Button';
import './ConfirmDialog.css';
import { useModalDialog } from './useModalDialog';

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

/** A modal question before something that cannot be undone (the browser's <dialog>). */
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
  const ref = useModalDialog(open);
  return (
    <dialog
      ref={ref}
      className="modal confirm"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
    >
      {open && (
        <>
          <h2 id="confirm-title" className="confirm__title">
            {title}
          </h2>
          <p className="confirm__body">{body}</p>
          {error && (
            <p className="confirm__error" role="alert">
              {error}
            </p>
          )}
          <div className="confirm__actions">
            <Button onClick={onCancel} disabled={busy} autoFocus={danger}>
              {cancelLabel}
            </Button>
            <Button
              variant={danger ? 'danger' : 'primary'}
              onClick={onConfirm}
              busy={busy}
              autoFocus={!danger}
            >
              {confirmLabel}
            </Button>
          </div>
        </>
      )}
    </dialog>
  );
}
