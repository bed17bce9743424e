import type { ReactNode } from 'react';
import './IconTile.css';

type Props = {
  icon: ReactNode;
  /** Fill colour; white icons on it. */
  color: string;
  size?: number;
};

/** A coloured square with a white icon, for entries like "New friends" (as in WeChat). */
export function IconTile({ icon, color, size = 36 }: Props) {
  return (
    <span className="icon-tile" aria-hidden="true" style={{ background: color, width: size, height: size }}>
      {icon}
    </span>
  );
}
