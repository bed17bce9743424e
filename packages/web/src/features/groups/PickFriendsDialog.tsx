import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../ui/Avatar';
import { DialogActions } from '../../ui/DialogActions';
import './PickFriendsDialog.css';
import { PickedChips, PickLayout } from '../../ui/PickLayout';
import type { PickRow } from '../../ui/PickList';
import { TextField } from '../../ui/TextField';

export interface PickerContact {
  id: string;
  /** What the user sees: the remark, or the display name. */
  name: string;
  /** The person's own display name, for the default avatar. */
  avatarName: string;
  avatarUrl: string | null;
}

export interface PickerGroup {
  letter: string;
  contacts: readonly PickerContact[];
}

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

function rowOf(contact: PickerContact): PickRow {
  return {
    key: contact.id,
    avatar: <Avatar name={contact.avatarName} src={contact.avatarUrl} size={32} />,
    name: contact.name,
  };
}

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
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<string[]>(() => initialPicked.filter((id) => !locked.has(id)));
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const sections = useMemo(
    () => groupsFor(query).map((group) => ({ title: group.letter, rows: group.contacts.map(rowOf) })),
    [groupsFor, query],
  );
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
    <PickLayout
      className="pick-dialog"
      title={title}
      busy={busy}
      onSubmit={submit}
      onClose={onClose}
      list={{
        query,
        onQueryChange: setQuery,
        sections,
        picked: pickedSet,
        locked,
        lockedHint: t('groups.alreadyIn'),
        onToggle: toggle,
        emptyText: contacts.length === 0 ? t('groups.noFriends') : t('groups.noMatch'),
        searchLabel: t('groups.search'),
        searchPlaceholder: t('groups.searchPlaceholder'),
      }}
    >
      <p className="pick-layout__count pick-dialog__count" aria-live="polite">
        {chosen.length > 0 ? t('groups.picked', { count: chosen.length }) : t('groups.pickHint')}
      </p>
      <PickedChips
        className="pick-dialog__chosen"
        chips={chosen.map(rowOf)}
        unpickLabel={(name) => t('groups.unpick', { name })}
        onUnpick={toggle}
      />
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
      <DialogActions
        className="pick-layout__actions pick-dialog__actions"
        error={error}
        busy={busy}
        note={!enough && minPicked > 1 ? t('groups.needMore') : null}
        cancelLabel={t('common.cancel')}
        onCancel={onClose}
        confirmLabel={confirmLabel}
        confirmDisabled={!enough}
      />
    </PickLayout>
  );
}
