import { type ReactNode, useEffect, useRef } from 'react';
import '../../ui/SkeletonRows.css';
import './VideoGrid.css';

type Props = {
  label: string;
  children: ReactNode;
  /** Grey tiles while the first page loads (no spinner). */
  skeleton?: boolean;
  /** Called when the end of the grid scrolls into sight and more pages remain. */
  onReachEnd?: () => void;
};

/** Start the next page this far before the end shows, so scrolling rarely waits. */
const PREFETCH_MARGIN = '600px';
const SKELETON_TILES = 6;

/** Three columns of 9:16 tiles, newest first, growing as the reader scrolls to its end. */
export function VideoGrid({ label, children, skeleton = false, onReachEnd }: Props) {
  const end = useRef<HTMLDivElement>(null);
  const reachEnd = useRef(onReachEnd);
  reachEnd.current = onReachEnd;
  const wantsMore = onReachEnd !== undefined;

  useEffect(() => {
    const target = end.current;
    if (!target || !wantsMore) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) reachEnd.current?.();
      },
      { rootMargin: PREFETCH_MARGIN },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [wantsMore]);

  return (
    <>
      <ul className="video-grid" aria-label={label} aria-busy={skeleton || undefined}>
        {children}
        {skeleton &&
          Array.from({ length: SKELETON_TILES }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
            <li key={i} className="video-grid__skeleton skeleton" aria-hidden="true" />
          ))}
      </ul>
      <div ref={end} className="video-grid__end" />
    </>
  );
}
