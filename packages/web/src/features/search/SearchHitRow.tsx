import type { ReactNode } from 'react';
import './SearchHitRow.css';

type BodyProps = { avatar: ReactNode; name: string; detail: string };

/** What a hit shows: picture, name and a secondary line (a row here, an option in the quick switcher). */
export function SearchHitBody({ avatar, name, detail }: BodyProps) {
  return (
    <>
      {avatar}
      <span className="search-hit__text">
        <span className="search-hit__name truncate">{name}</span>
        {detail && <span className="search-hit__detail truncate">{detail}</span>}
      </span>
    </>
  );
}

type Props = BodyProps & {
  /** The one Enter opens: tinted. */
  active: boolean;
  onOpen: () => void;
};

/** One chat or contact found by the list's search: a button. */
export function SearchHitRow({ avatar, name, detail, active, onOpen }: Props) {
  return (
    <button type="button" className={`search-hit${active ? ' search-hit--active' : ''}`} onClick={onOpen}>
      <SearchHitBody avatar={avatar} name={name} detail={detail} />
    </button>
  );
}
