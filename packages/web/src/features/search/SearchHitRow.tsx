import type { ReactNode } from 'react';
import './SearchHitRow.css';

type Props = {
  id?: string;
  avatar: ReactNode;
  name: string;
  detail: string;
  /** The one Enter opens: tinted. */
  active: boolean;
  onOpen: () => void;
  /** Options of a listbox (the quick switcher) instead of buttons (the list's search). */
  asOption?: boolean;
  onHover?: () => void;
};

/** One chat or contact found by a search: picture, name and a secondary line. */
export function SearchHitRow({ id, avatar, name, detail, active, onOpen, asOption = false, onHover }: Props) {
  const className = `search-hit${active ? ' search-hit--active' : ''}`;
  const body = (
    <>
      {avatar}
      <span className="search-hit__text">
        <span className="search-hit__name truncate">{name}</span>
        {detail && <span className="search-hit__detail truncate">{detail}</span>}
      </span>
    </>
  );
  if (asOption) {
    return (
      // The listbox keeps focus in its input (aria-activedescendant); a click picks the option.
      // biome-ignore lint/a11y/useKeyWithClickEvents: arrows and Enter are handled by the input
      // biome-ignore lint/a11y/useFocusableInteractive: options are reached through aria-activedescendant
      <div
        id={id}
        role="option"
        aria-selected={active}
        className={className}
        onClick={onOpen}
        onMouseMove={onHover}
      >
        {body}
      </div>
    );
  }
  return (
    <button type="button" className={className} onClick={onOpen}>
      {body}
    </button>
  );
}
