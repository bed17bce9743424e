import type { ReactNode } from 'react';
import { SearchHitRow } from './SearchHitRow';
import './SearchResults.css';

export interface SearchHit {
  key: string;
  avatar: ReactNode;
  name: string;
  detail: string;
  open: () => void;
}

export interface SearchSection {
  title: string;
  hits: readonly SearchHit[];
}

type Props = {
  label: string;
  sections: readonly SearchSection[];
  /** Shown when no section has a hit. */
  emptyText: string;
};

/** What the list's search box found, in titled sections; the first hit is the one Enter opens. */
export function SearchResults({ label, sections, emptyText }: Props) {
  const shown = sections.filter((s) => s.hits.length > 0);
  if (shown.length === 0) return <p className="search-results__empty">{emptyText}</p>;
  const first = shown[0]?.hits[0]?.key;
  return (
    <section className="search-results" aria-label={label}>
      {shown.map((section) => (
        <section key={section.title} className="search-results__section" aria-label={section.title}>
          <h2 className="search-results__title">{section.title}</h2>
          <ul>
            {section.hits.map((hit) => (
              <li key={hit.key}>
                <SearchHitRow
                  avatar={hit.avatar}
                  name={hit.name}
                  detail={hit.detail}
                  active={hit.key === first}
                  onOpen={hit.open}
                />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
