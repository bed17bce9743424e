import { Send } from 'lucide-react';
import type { KeyboardEvent } from 'react';
import './Composer.css';

type Props = {
  value: string;
  placeholder: string;
  sendLabel: string;
  onChange: (value: string) => void;
  /** Called with the text to send; never with empty or whitespace-only text. */
  onSend: (text: string) => void;
};

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer({ value, placeholder, sendLabel, onChange, onSend }: Props) {
  const empty = value.trim() === '';
  function send() {
    if (empty) return;
    onSend(value);
  }
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    // While an input method is composing, Enter picks a candidate, not sends.
    if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing) return;
    e.preventDefault();
    send();
  }
  return (
    <div className="composer">
      <textarea
        className="composer__input"
        value={value}
        placeholder={placeholder}
        aria-label={placeholder}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="composer__actions">
        <button type="button" className="composer__send" disabled={empty} onClick={send}>
          <Send size={14} aria-hidden="true" />
          {sendLabel}
        </button>
      </div>
    </div>
  );
}
