import { Search } from 'lucide-react';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { SearchHitRow } from './SearchHitRow';
import type { SearchSection } from './SearchResults';
import './QuickSwitcher.css';

type Props = {
  label: string;
  placeholder: string;
  hint: string;
  emptyText: string;
  query: string;
  onQuery: (query: string) => void;
  sections: readonly SearchSection[];
  onClose: () => void;
};

/**
 * Ctrl/Cmd+K: a box to jump to any chat or contact by typing (Telegram's and Slack's switcher).
 * Focus stays in the input; ↑/↓ move the highlight, Enter opens it, Esc or a click outside closes.
 */
export function QuickSwitcher({
  label,
  placeholder,
  hint,
  emptyText,
  query,
  onQuery,
  sections,
  onClose,
}: Props) {
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const hits = sections.flatMap((s) => s.hits);
  const current = Math.min(active, hits.length - 1);

  useEffect(() => {
    input.current?.focus();
  }, []);
  // A new query starts again from its best hit.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the query changes
  useEffect(() => setActive(0), [query]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the highlight as it moves
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.nativeEvent.isComposing) return;
    switch (event.key) {
      case 'ArrowDown':
        setActive((current + 1) % Math.max(1, hits.length));
        break;
      case 'ArrowUp':
        setActive((current - 1 + hits.length) % Math.max(1, hits.length));
        break;
      case 'Enter':
        hits[current]?.open();
        break;
      case 'Escape':
        onClose();
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  let index = -1;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the backdrop only closes on a click; Esc is handled in the input
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <div className="switcher" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="switcher__panel" role="dialog" aria-modal="true" aria-label={label}>
        <div className="switcher__field">
          <Search size={16} aria-hidden="true" className="switcher__icon" />
          <input
            ref={input}
            className="switcher__input"
            role="combobox"
            aria-expanded="true"
            aria-controls={listId}
            aria-activedescendant={hits.length > 0 ? `${listId}-${current}` : undefined}
            aria-label={label}
            placeholder={placeholder}
            value={query}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => onQuery(e.target.value)}
            onKeyDown={onKeyDown}
          />
        </div>
        <div ref={list} id={listId} role="listbox" aria-label={label} className="switcher__list">
          {hits.length === 0 && <p className="switcher__empty">{emptyText}</p>}
          {sections
            .filter((s) => s.hits.length > 0)
            .map((section) => (
              // biome-ignore lint/a11y/useSemanticElements: a listbox groups its options with role="group"
              <div key={section.title} role="group" aria-label={section.title}>
                <div className="switcher__title" aria-hidden="true">
                  {section.title}
                </div>
                {section.hits.map((hit) => {
                  index++;
                  const mine = index;
                  return (
                    <SearchHitRow
                      key={hit.key}
                      id={`${listId}-${mine}`}
                      asOption
                      avatar={hit.avatar}
                      name={hit.name}
                      detail={hit.detail}
                      active={mine === current}
                      onOpen={hit.open}
                      onHover={() => setActive(mine)}
                    />
                  );
                })}
              </div>
            ))}
        </div>
        <p className="switcher__hint">{hint}</p>
      </div>
    </div>
  );
}
