import type { ReactNode } from 'react';
import './ListRow.css';

type Props = {
  leading?: ReactNode;
  title: ReactNode;
  subtitle?: ReactNode;
  trailing?: ReactNode;
  selected?: boolean;
  /** Without it the row is plain content, not a button. */
  onClick?: () => void;
  className?: string;
};

/** One row of a list column: leading picture, a title and a secondary line, something at the end. */
export function ListRow({ leading, title, subtitle, trailing, selected = false, onClick, className }: Props) {
  const classes = ['row', selected && 'row--selected', onClick && 'row--action', className]
    .filter(Boolean)
    .join(' ');
  const body = (
    <>
      {leading}
      <span className="row__text">
        <span className="row__title truncate">{title}</span>
        {subtitle && <span className="row__subtitle truncate">{subtitle}</span>}
      </span>
      {trailing && <span className="row__trailing">{trailing}</span>}
    </>
  );
  if (!onClick) return <div className={classes}>{body}</div>;
  return (
    <button type="button" className={classes} aria-current={selected || undefined} onClick={onClick}>
      {body}
    </button>
  );
}
