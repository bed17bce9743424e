import type { ReactNode } from 'react';

type Props = {
  label: string;
  icon: ReactNode;
  tone?: 'plain' | 'on' | 'danger' | 'accept';
  /** Shows the label under the button (the big answer buttons), not only as its name. */
  captioned?: boolean;
  pressed?: boolean;
  onClick: () => void;
};

/** A round call button, as phones draw them: red to end, green to answer, glass otherwise. */
export function RoundButton({ label, icon, tone = 'plain', captioned = false, pressed, onClick }: Props) {
  return (
    <div className="call-btn-wrap">
      <button
        type="button"
        className={`call-btn call-btn--${tone}`}
        aria-label={label}
        title={label}
        aria-pressed={pressed}
        onClick={onClick}
      >
        {icon}
      </button>
      {captioned && (
        <span className="call-btn__caption" aria-hidden="true">
          {label}
        </span>
      )}
    </div>
  );
}
