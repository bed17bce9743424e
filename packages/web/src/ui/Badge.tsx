import './Badge.css';

type Props = {
  count: number;
  /** Read out instead of the bare number ("2 new friend requests"). */
  label?: string;
  className?: string;
};

/** A red count with white digits; "99+" past 99; nothing at zero. */
export function Badge({ count, label, className }: Props) {
  if (count <= 0) return null;
  return (
    <>
      <span className={['badge', className].filter(Boolean).join(' ')} aria-hidden={label ? true : undefined}>
        {count > 99 ? '99+' : count}
      </span>
      {label && <span className="visually-hidden">{label}</span>}
    </>
  );
}
