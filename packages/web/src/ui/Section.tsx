import type { ReactNode } from 'react';
import './Section.css';

type Props = {
  title?: string;
  /** A line under the card (an explanation). */
  note?: string;
  children: ReactNode;
  /** Lay the children out as padded form content rather than edge-to-edge rows. */
  padded?: boolean;
};

/** A white card on the grey pane, grouping related settings or rows. */
export function Section({ title, note, children, padded = false }: Props) {
  return (
    <section className="section">
      {title && <h2 className="section__title">{title}</h2>}
      <div className={`section__card${padded ? ' section__card--padded' : ''}`}>{children}</div>
      {note && <p className="section__note">{note}</p>}
    </section>
  );
}
