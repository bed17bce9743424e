import { useId } from 'react';

type Props = {
  size?: number;
  /** Drawn in greys: the watermark of an empty pane. */
  muted?: boolean;
  className?: string;
};

const BUBBLE =
  'M24 11.5c-7.9 0-14.25 5.3-14.25 11.85 0 3.7 2.02 7 5.2 9.18l-1.03 4.7 5.46-2.9c1.47.36 3.02.55 4.62.55 7.9 0 14.25-5.3 14.25-11.53S31.9 11.5 24 11.5z';

/** Liao's mark: a speech bubble with a cyan echo (the short-video look) on the red-pink tile. */
export function AppMark({ size = 48, muted = false, className }: Props) {
  const gradient = useId();
  const tile = muted ? 'var(--skeleton)' : `url(#${gradient})`;
  const dots = muted ? 'var(--skeleton)' : '#e8173f';
  return (
    <svg className={className} width={size} height={size} viewBox="0 0 48 48" aria-hidden="true">
      <defs>
        <linearGradient id={gradient} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#ff5577" />
          <stop offset="1" stopColor="#e8173f" />
        </linearGradient>
      </defs>
      <rect width="48" height="48" rx="12" fill={tile} />
      {!muted && <path d={BUBBLE} fill="#25f4ee" transform="translate(-1.2 -1)" />}
      <path d={BUBBLE} fill={muted ? 'var(--bg-page)' : '#fff'} />
      <circle cx="18.5" cy="23.5" r="2.1" fill={dots} />
      <circle cx="24.5" cy="23.5" r="2.1" fill={dots} />
      <circle cx="30.5" cy="23.5" r="2.1" fill={dots} />
    </svg>
  );
}
