import { Command } from 'cmdk';
import { Search } from 'lucide-react';
import { Dialog } from '../../ui/Dialog';
import { SearchHitBody } from './SearchHitRow';
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
 * Ctrl/Cmd+K: a box to jump to any chat or contact by typing (Telegram's and Slack's switcher),
 * on cmdk in a ui/Dialog. The sections come ranked by the list search (cmdk does not filter or
 * sort them); focus stays in the input, ↑/↓ move the highlight (it starts on the best hit),
 * Enter opens it, Esc or a click outside closes.
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
  const shown = sections.filter((s) => s.hits.length > 0);
  return (
    <Dialog
      onClose={onClose}
      className="switcher__panel"
      overlayClassName="switcher"
      label={label}
      closeOnOutsideClick
    >
      <Command label={label} shouldFilter={false} loop vimBindings={false} className="switcher__command">
        <div className="switcher__field">
          <Search size={16} aria-hidden="true" className="switcher__icon" />
          <Command.Input
            className="switcher__input"
            placeholder={placeholder}
            value={query}
            onValueChange={onQuery}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <Command.List label={label} className="switcher__list">
          <Command.Empty className="switcher__empty">{emptyText}</Command.Empty>
          {shown.map((section) => (
            <Command.Group
              key={section.title}
              heading={<div className="switcher__title">{section.title}</div>}
            >
              {section.hits.map((hit) => (
                <Command.Item key={hit.key} value={hit.key} onSelect={hit.open} className="search-hit">
                  <SearchHitBody avatar={hit.avatar} name={hit.name} detail={hit.detail} />
                </Command.Item>
              ))}
            </Command.Group>
          ))}
        </Command.List>
        <p className="switcher__hint">{hint}</p>
      </Command>
    </Dialog>
  );
}
