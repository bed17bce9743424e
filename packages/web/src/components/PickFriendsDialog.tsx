import { X } from 'lucide-react';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from './Avatar';
import { Button } from './Button';
import { DialogCloseButton } from './DialogCloseButton';
import { FriendPicker, type PickerContact, type PickerGroup } from './FriendPicker';
import './PickLayout.css';
import './PickFriendsDialog.css';
import { TextField } from './TextField';
import { useModalDialog } from './useModalDialog';

type Props = {
  title: string;
  /** The contacts matching what is typed, A–Z. */
  groupsFor: (query: string) => readonly PickerGroup[];
  /** Every contact that may be picked, for the list of those picked. */
  contacts: readonly PickerContact[];
  initialPicked?: readonly string[];
  /** Already in: ticked and disabled. */
  locked?: ReadonlySet<string>;
  /** Fewer picked than this and the confirm button waits. */
  minPicked: number;
  confirmLabel: string;
  /** A name field under the picked ones (a new group's name), with its limit. */
  nameField?: { label: string; placeholder: string; maxChars: number };
  /** Resolves to a translated error, or null when done (the owner then closes the dialog). */
  onConfirm: (picked: string[], name: string) => Promise<string | null>;
  onClose: () => void;
};

const NO_ONE: ReadonlySet<string> = new Set();

/**
 * Picks friends in a modal: search and tick on the left, the ones picked on the right (above
 * the list on a phone), as WeChat's 发起群聊 and 添加群成员 do. Mount it to open it.
 */
export function PickFriendsDialog({
  title,
  groupsFor,
  contacts,
  initialPicked = [],
  locked = NO_ONE,
  minPicked,
  confirmLabel,
  nameField,
  onConfirm,
  onClose,
}: Props) {
  const { t } = useTranslation();
  const ref = useModalDialog(true);
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<string[]>(() => initialPicked.filter((id) => !locked.has(id)));
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const groups = useMemo(() => groupsFor(query), [groupsFor, query]);
  const pickedSet = useMemo(() => new Set(picked), [picked]);
  const byId = useMemo(() => new Map(contacts.map((c) => [c.id, c])), [contacts]);
  const chosen = picked.flatMap((id) => byId.get(id) ?? []);
  const enough = chosen.length >= minPicked;

  function toggle(id: string) {
    setError(null);
    setPicked((list) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!enough || busy) return;
    setBusy(true);
    setError(null);
    const problem = await onConfirm(
      chosen.map((c) => c.id),
      name,
    );
    setBusy(false);
    setError(problem);
  }

  return (
    <dialog
      ref={ref}
      className="modal pick-layout pick-dialog"
      aria-labelledby="pick-dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form className="pick-layout__body" onSubmit={submit}>
        <div className="pick-layout__left">
          <FriendPicker
            query={query}
            onQueryChange={setQuery}
            groups={groups}
            picked={pickedSet}
            locked={locked}
            onToggle={toggle}
            emptyText={contacts.length === 0 ? t('groups.noFriends') : t('groups.noMatch')}
            searchLabel={t('groups.search')}
            searchPlaceholder={t('groups.searchPlaceholder')}
            lockedHint={t('groups.alreadyIn')}
          />
        </div>
        <div className="pick-layout__right pick-dialog__right">
          <div className="pick-layout__head">
            <h2 id="pick-dialog-title" className="pick-layout__title">
              {title}
            </h2>
            <DialogCloseButton label={t('common.close')} onClick={onClose} disabled={busy} />
          </div>
          <p className="pick-layout__count pick-dialog__count" aria-live="polite">
            {chosen.length > 0 ? t('groups.picked', { count: chosen.length }) : t('groups.pickHint')}
          </p>
          <ul className="pick-layout__chips pick-dialog__chosen">
            {chosen.map((contact) => (
              <li key={contact.id}>
                <button
                  type="button"
                  className="pick-layout__chip"
                  aria-label={t('groups.unpick', { name: contact.name })}
                  title={t('groups.unpick', { name: contact.name })}
                  onClick={() => toggle(contact.id)}
                >
                  <Avatar name={contact.avatarName} src={contact.avatarUrl} size={32} />
                  <span className="pick-layout__chip-label truncate">{contact.name}</span>
                  <X size={14} aria-hidden="true" className="pick-layout__chip-x" />
                </button>
              </li>
            ))}
          </ul>
          {nameField && (
            <TextField
              className="pick-dialog__name"
              label={nameField.label}
              placeholder={nameField.placeholder}
              value={name}
              onChange={setName}
              maxChars={nameField.maxChars}
            />
          )}
          {error && (
            <p className="pick-layout__error" role="alert">
              {error}
            </p>
          )}
          <div className="pick-layout__actions pick-dialog__actions">
            {!enough && minPicked > 1 && <span className="pick-dialog__need">{t('groups.needMore')}</span>}
            <Button onClick={onClose} disabled={busy}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" variant="primary" disabled={!enough} busy={busy}>
              {confirmLabel}
            </Button>
          </div>
        </div>
      </form>
    </dialog>
  );
}
