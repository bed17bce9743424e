import './SkeletonRows.css';

type Props = { count?: number; label: string };

/** Grey placeholders in the shape of list rows while a list loads (no spinner). */
export function SkeletonRows({ count = 5, label }: Props) {
  return (
    <div className="skeleton-rows" role="status" aria-label={label}>
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className="skeleton-row">
          <span className="skeleton skeleton--avatar" />
          <span className="skeleton skeleton--line" />
        </div>
      ))}
    </div>
  );
}
