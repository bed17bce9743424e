import { Plus, Search, X } from 'lucide-react';
import { type KeyboardEvent, useRef } from 'react';
import { DropdownMenu, type MenuItem } from '../../ui/DropdownMenu';
import './ListSearchBar.css';

type Props = {
  value: string;
  onChange: (value: string) => void;
  /** Enter: open the first thing found. */
  onSubmit: () => void;
  placeholder: string;
  label: string;
  clearLabel: string;
  plusLabel: string;
  /** The "+" button's menu (发起群聊, 添加朋友, ...). */
  plusItems: readonly MenuItem[];
};

/** The search box atop the chat list, and the "+" beside it (WeChat's desktop layout). */
export function ListSearchBar({
  value,
  onChange,
  onSubmit,
  placeholder,
  label,
  clearLabel,
  plusLabel,
  plusItems,
}: Props) {
  const input = useRef<HTMLInputElement>(null);
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      onSubmit();
    } else if (event.key === 'Escape' && value !== '') {
      // Esc empties the box first; a second Esc is for whatever else is open.
      event.preventDefault();
      event.stopPropagation();
      onChange('');
    }
  }
  return (
    <div className="list-search">
      <label className="list-search__field">
        <Search size={14} className="list-search__icon" aria-hidden="true" />
        <input
          ref={input}
          type="search"
          className="list-search__input"
          value={value}
          placeholder={placeholder}
          aria-label={label}
          autoComplete="off"
          spellCheck={false}
          enterKeyHint="go"
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {value !== '' && (
          <button
            type="button"
            className="list-search__clear"
            aria-label={clearLabel}
            title={clearLabel}
            onClick={() => {
              onChange('');
              input.current?.focus();
            }}
          >
            <X size={12} aria-hidden="true" />
          </button>
        )}
      </label>
      <DropdownMenu label={plusLabel} items={plusItems}>
        <button type="button" className="list-search__plus" aria-label={plusLabel} title={plusLabel}>
          <Plus size={16} aria-hidden="true" />
        </button>
      </DropdownMenu>
    </div>
  );
}
