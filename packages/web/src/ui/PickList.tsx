import { Check, Search } from 'lucide-react';
import type { ReactNode } from 'react';
import './PickList.css';

/** A person or a chat to tick. */
export interface PickRow {
  key: string;
  avatar: ReactNode;
  name: string;
}

/** Rows under a heading: a letter of the A–Z list, or 最近聊天 / 聊天 / 联系人. */
export interface PickSection {
  title: string;
  rows: readonly PickRow[];
}

type Props = {
  query: string;
  onQueryChange: (query: string) => void;
  /** What matches the query, in the order shown. */
  sections: readonly PickSection[];
  picked: ReadonlySet<string>;
  /** Shown ticked and disabled (already in the group), with `lockedHint` as their tooltip. */
  locked?: ReadonlySet<string>;
  lockedHint?: string;
  onToggle: (key: string) => void;
  /** Shown when nothing matches (or there is nothing). */
  emptyText: string;
  searchLabel: string;
  searchPlaceholder: string;
};

const NONE: ReadonlySet<string> = new Set();

/**
 * A searchable list with a round checkbox on each row, as WeChat's 发起群聊 and its forward
 * have: the left side of the picker dialogs.
 */
export function PickList({
  query,
  onQueryChange,
  sections,
  picked,
  locked = NONE,
  lockedHint,
  onToggle,
  emptyText,
  searchLabel,
  searchPlaceholder,
}: Props) {
  const shown = sections.filter((s) => s.rows.length > 0);
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
          // biome-ignore lint/a11y/noAutofocus: the dialog opened to pick; typing searches
          autoFocus
        />
      </div>
      <div className="picker__scroll">
        {shown.length === 0 ? (
          <p className="picker__empty">{emptyText}</p>
        ) : (
          shown.map((section) => (
            <section key={section.title} aria-label={section.title}>
              <h3 className="picker__letter">{section.title}</h3>
              <ul>
                {section.rows.map((row) => {
                  const isLocked = locked.has(row.key);
                  const checked = isLocked || picked.has(row.key);
                  return (
                    <li key={row.key}>
                      <label
                        className={`picker__row${isLocked ? ' picker__row--locked' : ''}`}
                        title={isLocked ? lockedHint : undefined}
                      >
                        <input
                          type="checkbox"
                          className="picker__input"
                          checked={checked}
                          disabled={isLocked}
                          onChange={() => onToggle(row.key)}
                        />
                        <span className="picker__box" aria-hidden="true">
                          {checked && <Check size={13} strokeWidth={3} />}
                        </span>
                        {row.avatar}
                        <span className="picker__name truncate">{row.name}</span>
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
