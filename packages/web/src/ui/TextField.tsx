import { textLength } from '@liao/protocol';
import { Eye, EyeOff } from 'lucide-react';
import { type InputHTMLAttributes, type Ref, type TextareaHTMLAttributes, useId, useState } from 'react';
import './TextField.css';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'prefix'> & {
  label: string;
  /** Hide the label visually (it is still the field's accessible name). */
  hideLabel?: boolean;
  value: string;
  onChange: (value: string) => void;
  /** A standing explanation under the field (the rules), replaced by the error when there is one. */
  hint?: string;
  error?: string | null;
  /** Shows "12/50" counted in characters, not UTF-16 units. */
  maxChars?: number;
  /** Text shown before the input, e.g. "@". */
  prefix?: string;
  /** A password field with a show/hide button. */
  revealable?: { show: string; hide: string };
  multiline?: boolean;
  inputRef?: Ref<HTMLInputElement & HTMLTextAreaElement>;
};

export function TextField({
  label,
  hideLabel = false,
  value,
  onChange,
  hint,
  error,
  maxChars,
  prefix,
  revealable,
  multiline = false,
  inputRef,
  className,
  type = 'text',
  ...rest
}: Props) {
  const id = useId();
  const [revealed, setRevealed] = useState(false);
  const noteId = `${id}-note`;
  const note = error || hint;
  const count = maxChars === undefined ? 0 : textLength(value);
  const common = {
    ...rest,
    id,
    value,
    ref: inputRef,
    className: 'field__input',
    'aria-invalid': error ? true : undefined,
    'aria-describedby': note ? noteId : undefined,
  };
  return (
    <div className={['field', error && 'field--error', className].filter(Boolean).join(' ')}>
      {hideLabel && (
        <label htmlFor={id} className="visually-hidden">
          {label}
        </label>
      )}
      {(!hideLabel || maxChars !== undefined) && (
        <div className="field__top">
          {!hideLabel && (
            <label htmlFor={id} className="field__label">
              {label}
            </label>
          )}
          {maxChars !== undefined && (
            <span
              className={`field__count${count > maxChars ? ' field__count--over' : ''}`}
              aria-hidden="true"
            >
              {count}/{maxChars}
            </span>
          )}
        </div>
      )}
      <div className={`field__box${multiline ? ' field__box--multi' : ''}`}>
        {prefix && (
          <span className="field__prefix" aria-hidden="true">
            {prefix}
          </span>
        )}
        {multiline ? (
          <textarea
            {...(common as unknown as TextareaHTMLAttributes<HTMLTextAreaElement>)}
            rows={2}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : (
          <input
            {...common}
            type={revealable && revealed ? 'text' : type}
            onChange={(e) => onChange(e.target.value)}
          />
        )}
        {revealable && (
          <button
            type="button"
            className="field__reveal"
            aria-label={revealed ? revealable.hide : revealable.show}
            title={revealed ? revealable.hide : revealable.show}
            onClick={() => setRevealed((r) => !r)}
          >
            {revealed ? <EyeOff size={16} /> : <Eye size={16} />}
          </button>
        )}
      </div>
      {note && (
        <p id={noteId} className={error ? 'field__error' : 'field__hint'} role={error ? 'alert' : undefined}>
          {note}
        </p>
      )}
    </div>
  );
}
