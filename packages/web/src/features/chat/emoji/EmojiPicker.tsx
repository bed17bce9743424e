import {
  Apple,
  Cat,
  Clock,
  Flag,
  Heart,
  Lightbulb,
  type LucideIcon,
  Plane,
  Search,
  Smile,
  Trophy,
  User,
} from 'lucide-react';
import { type KeyboardEvent, type MouseEvent, useEffect, useMemo, useRef, useState } from 'react';
import { type Emoji, type EmojiCatalog, type EmojiGroupId, findEmoji, searchEmoji } from './emoji';
import './EmojiPicker.css';

export type EmojiPickerLabels = {
  dialog: string;
  search: string;
  recent: string;
  noResults: string;
  loading: string;
  loadFailed: string;
  groups: Record<EmojiGroupId, string>;
};

type Props = {
  /** null while it loads. */
  catalog: EmojiCatalog | null;
  failed: boolean;
  /** Recent emoji, most recent first. */
  recent: readonly string[];
  labels: EmojiPickerLabels;
  /** `keyboard`: chosen with Enter or Space (the picker then closes, as a menu would). */
  onPick: (unicode: string, via: 'pointer' | 'keyboard') => void;
  onClose: () => void;
};

const GROUP_ICONS: Record<EmojiGroupId, LucideIcon> = {
  0: Smile,
  1: User,
  3: Cat,
  4: Apple,
  5: Plane,
  6: Trophy,
  7: Lightbulb,
  8: Heart,
  9: Flag,
};

type Section = { key: string; title: string; icon: LucideIcon; emojis: readonly Emoji[] };

/**
 * Emoji by category with a search box and the recent ones on top, as in Telegram Desktop.
 * Keyboard: type to search, ↓ or Tab into the grid, arrows move, Enter picks, Esc closes.
 */
export function EmojiPicker({ catalog, failed, recent, labels, onPick, onClose }: Props) {
  const [query, setQuery] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);

  // Ready to type a search, except on touch screens, where that would raise the keyboard over it.
  useEffect(() => {
    if (!globalThis.matchMedia?.('(pointer: coarse)').matches) searchRef.current?.focus();
  }, []);

  const sections = useMemo<Section[]>(() => {
    if (!catalog) return [];
    if (query.trim() !== '') {
      return [{ key: 'search', title: labels.search, icon: Search, emojis: searchEmoji(catalog, query) }];
    }
    const recentEmojis = recent.map((u) => findEmoji(catalog, u)).filter((e) => e !== undefined);
    const groups = catalog.groups.map((g) => ({
      key: `g${g.id}`,
      title: labels.groups[g.id as EmojiGroupId],
      icon: GROUP_ICONS[g.id as EmojiGroupId],
      emojis: g.emojis,
    }));
    return recentEmojis.length > 0
      ? [{ key: 'recent', title: labels.recent, icon: Clock, emojis: recentEmojis }, ...groups]
      : groups;
  }, [catalog, query, recent, labels]);

  function emojiButtons(): HTMLButtonElement[] {
    return [...(gridRef.current?.querySelectorAll<HTMLButtonElement>('.emoji-picker__emoji') ?? [])];
  }

  function focusEmoji(button: HTMLButtonElement | undefined) {
    if (!button) return;
    button.focus();
    button.scrollIntoView({ block: 'nearest' });
  }

  /** The nearest button in the next row up or down (rows differ per section, so by position). */
  function verticalNeighbour(buttons: HTMLButtonElement[], from: HTMLButtonElement, down: boolean) {
    const { offsetTop: top, offsetLeft: left } = from;
    let rowTop: number | null = null;
    let best: HTMLButtonElement | undefined;
    for (const b of buttons) {
      const beyond = down ? b.offsetTop > top : b.offsetTop < top;
      if (!beyond) continue;
      const nearerRow = rowTop === null || (down ? b.offsetTop < rowTop : b.offsetTop > rowTop);
      if (nearerRow) {
        rowTop = b.offsetTop;
        best = b;
      } else if (b.offsetTop === rowTop && best) {
        if (Math.abs(b.offsetLeft - left) < Math.abs(best.offsetLeft - left)) best = b;
      }
    }
    return best;
  }

  function onGridKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const buttons = emojiButtons();
    const current = document.activeElement as HTMLButtonElement | null;
    const i = current ? buttons.indexOf(current) : -1;
    if (i < 0) return;
    let next: HTMLButtonElement | undefined;
    if (e.key === 'ArrowRight') next = buttons[i + 1];
    else if (e.key === 'ArrowLeft') next = buttons[i - 1];
    else if (e.key === 'ArrowDown') next = verticalNeighbour(buttons, current as HTMLButtonElement, true);
    else if (e.key === 'ArrowUp') {
      next = verticalNeighbour(buttons, current as HTMLButtonElement, false);
      if (!next) {
        e.preventDefault();
        searchRef.current?.focus();
        return;
      }
    } else if (e.key === 'Home') next = buttons[0];
    else if (e.key === 'End') next = buttons.at(-1);
    else return;
    e.preventDefault();
    focusEmoji(next);
  }

  function onSearchKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusEmoji(emojiButtons()[0]);
    } else if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
      // Enter in the search box takes the best match, as Slack and Telegram do.
      e.preventDefault();
      const first = sections[0]?.emojis[0];
      if (query.trim() !== '' && first) onPick(first.unicode, 'keyboard');
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  }

  function jumpTo(key: string) {
    const section = gridRef.current?.querySelector<HTMLElement>(`[data-section="${key}"]`);
    if (section && gridRef.current) gridRef.current.scrollTop = section.offsetTop - gridRef.current.offsetTop;
  }

  // Keep the focus where it is (the text box): a pointer pick must not pull the caret away.
  const keepFocus = (e: MouseEvent) => e.preventDefault();
  const searching = query.trim() !== '';
  const noResults = searching && (sections[0]?.emojis.length ?? 0) === 0;

  return (
    <div className="emoji-picker" role="dialog" aria-label={labels.dialog} onKeyDown={onKeyDown}>
      <div className="emoji-picker__search">
        <Search size={14} aria-hidden="true" />
        <input
          ref={searchRef}
          type="search"
          value={query}
          placeholder={labels.search}
          aria-label={labels.search}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKeyDown}
        />
      </div>
      {!searching && catalog && (
        <div className="emoji-picker__tabs">
          {sections.map((s) => (
            <button
              key={s.key}
              type="button"
              tabIndex={-1}
              className="emoji-picker__tab"
              title={s.title}
              aria-label={s.title}
              onMouseDown={keepFocus}
              onClick={() => jumpTo(s.key)}
            >
              <s.icon size={16} aria-hidden="true" />
            </button>
          ))}
        </div>
      )}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move between the emoji buttons inside */}
      <div className="emoji-picker__grid" ref={gridRef} onKeyDown={onGridKeyDown}>
        {!catalog && <p className="emoji-picker__note">{failed ? labels.loadFailed : labels.loading}</p>}
        {noResults && <p className="emoji-picker__note">{labels.noResults}</p>}
        {sections.map((s, si) =>
          s.emojis.length === 0 ? null : (
            <section key={s.key} className="emoji-picker__section" data-section={s.key} aria-label={s.title}>
              {!searching && <h3 className="emoji-picker__title">{s.title}</h3>}
              <div className="emoji-picker__cells">
                {s.emojis.map((emoji, i) => (
                  <button
                    key={emoji.unicode}
                    type="button"
                    className="emoji-picker__emoji"
                    // One tab stop for the whole grid; arrows do the rest.
                    tabIndex={si === 0 && i === 0 ? 0 : -1}
                    title={emoji.label}
                    aria-label={emoji.label}
                    onMouseDown={keepFocus}
                    onClick={(e) => onPick(emoji.unicode, e.detail === 0 ? 'keyboard' : 'pointer')}
                  >
                    {emoji.unicode}
                  </button>
                ))}
              </div>
            </section>
          ),
        )}
      </div>
    </div>
  );
}
