import { Check, LoaderCircle, Pencil, X } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './InlineEditField.css';

type Props = {
  /** The field's name (also the input's accessible name). */
  label: string;
  /** The edit button's accessible name ("Edit remark"). */
  editLabel: string;
  value: string;
  placeholder: string;
  /** Shown in place of an empty value, as an invitation to click. */
  emptyText: string;
  maxChars: number;
  /** Saves; resolves to a translated error, or null when saved. */
  onSave: (value: string) => Promise<string | null>;
};

/** A value shown as text that turns into an input on click: Enter saves, Escape cancels. */
export function InlineEditField({
  label,
  editLabel,
  value,
  placeholder,
  emptyText,
  maxChars,
  onSave,
}: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (draft === null || busy) return;
    if (draft.trim() === value) {
      setDraft(null);
      return;
    }
    setBusy(true);
    const problem = await onSave(draft.trim());
    setBusy(false);
    setError(problem);
    if (!problem) setDraft(null);
  }

  function cancel() {
    setDraft(null);
    setError(null);
  }

  if (draft === null) {
    return (
      <button
        type="button"
        className="inline-edit__view"
        aria-label={editLabel}
        title={editLabel}
        onClick={() => setDraft(value)}
      >
        <span className={value ? 'inline-edit__value' : 'inline-edit__empty'}>{value || emptyText}</span>
        <Pencil size={14} aria-hidden="true" className="inline-edit__pencil" />
      </button>
    );
  }

  return (
    <form className="inline-edit__form" onSubmit={save}>
      <input
        className="inline-edit__input"
        aria-label={label}
        aria-invalid={error ? true : undefined}
        value={draft}
        placeholder={placeholder}
        maxLength={maxChars * 2}
        onChange={(e) => setDraft(Array.from(e.target.value).slice(0, maxChars).join(''))}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            cancel();
          }
        }}
        disabled={busy}
        // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this field
        autoFocus
      />
      <button type="submit" className="inline-edit__btn" aria-label={t('common.save')} disabled={busy}>
        {busy ? <LoaderCircle size={16} className="spin" /> : <Check size={16} />}
      </button>
      <button
        type="button"
        className="inline-edit__btn"
        aria-label={t('common.cancel')}
        onClick={cancel}
        disabled={busy}
      >
        <X size={16} />
      </button>
      {error && (
        <p className="inline-edit__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
