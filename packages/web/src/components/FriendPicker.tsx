import { Check, Search } from 'lucide-react';
import { Avatar } from './Avatar';
import './FriendPicker.css';

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
  query: string;
  onQueryChange: (query: string) => void;
  /** The contacts matching the query, A–Z. */
  groups: readonly PickerGroup[];
  picked: ReadonlySet<string>;
  /** Shown ticked and disabled (already in the group). */
  locked: ReadonlySet<string>;
  onToggle: (id: string) => void;
  /** Shown when no contact matches (or there are none). */
  emptyText: string;
  searchLabel: string;
  searchPlaceholder: string;
  lockedHint: string;
};

/** A searchable A–Z list of contacts with a checkbox each, as in WeChat's 发起群聊. */
export function FriendPicker({
  query,
  onQueryChange,
  groups,
  picked,
  locked,
  onToggle,
  emptyText,
  searchLabel,
  searchPlaceholder,
  lockedHint,
}: Props) {
  return (
    <div className="picker">
      <div className="picker__search">
        <Search size={15} aria-hidden="true" />
        <input
          type="search"
          aria-label={searchLabel}
          placeholder={searchPlaceholder}
          value={query}
          onChange={(e) => onQueryChange(e.target.value)}
          // biome-ignore lint/a11y/noAutofocus: the dialog opened to pick people; typing searches
          autoFocus
        />
      </div>
      <div className="picker__scroll">
        {groups.length === 0 ? (
          <p className="picker__empty">{emptyText}</p>
        ) : (
          groups.map((group) => (
            <section key={group.letter} aria-label={group.letter}>
              <h3 className="picker__letter">{group.letter}</h3>
              <ul>
                {group.contacts.map((contact) => {
                  const isLocked = locked.has(contact.id);
                  const checked = isLocked || picked.has(contact.id);
                  return (
                    <li key={contact.id}>
                      <label
                        className={`picker__row${isLocked ? ' picker__row--locked' : ''}`}
                        title={isLocked ? lockedHint : undefined}
                      >
                        <input
                          type="checkbox"
                          className="picker__input"
                          checked={checked}
                          disabled={isLocked}
                          onChange={() => onToggle(contact.id)}
                        />
                        <span className="picker__box" aria-hidden="true">
                          {checked && <Check size={13} strokeWidth={3} />}
                        </span>
                        <Avatar name={contact.avatarName} src={contact.avatarUrl} size={32} />
                        <span className="picker__name truncate">{contact.name}</span>
                      </label>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))
        )}
      </div>
    </div>
  );
}
