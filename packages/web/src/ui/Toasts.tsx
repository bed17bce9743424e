import './Toasts.css';

type Props = {
  toasts: readonly { id: number; text: string; tone: 'info' | 'error' }[];
  onDismiss: (id: number) => void;
};

/** Short notes at the bottom of the window; a click dismisses one. */
export function Toasts({ toasts, onDismiss }: Props) {
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <button
          key={toast.id}
          type="button"
          className={`toast toast--${toast.tone}`}
          onClick={() => onDismiss(toast.id)}
        >
          {toast.text}
        </button>
      ))}
    </div>
  );
}
