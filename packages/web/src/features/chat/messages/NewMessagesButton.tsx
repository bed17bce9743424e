import { ChevronsDown } from 'lucide-react';
import './NewMessagesButton.css';

type Props = {
  /** Messages that came while the reader was up in the history (0: just "back to the bottom"). */
  count: number;
  /** "↓ 3 条新消息" with a count, or the plain "back to the newest" label. */
  label: string;
  onClick: () => void;
};

/** The floating button over a chat read from higher up: back to the newest, with what came since. */
export function NewMessagesButton({ count, label, onClick }: Props) {
  return (
    <button
      type="button"
      className={`new-msgs${count > 0 ? ' new-msgs--count' : ''}`}
      aria-label={label}
      title={count > 0 ? undefined : label}
      onClick={onClick}
    >
      <ChevronsDown size={16} aria-hidden="true" />
      {count > 0 && <span aria-hidden="true">{label}</span>}
    </button>
  );
}
