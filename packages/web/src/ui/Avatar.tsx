import { useState } from 'react';
import { avatarColor, avatarInitial } from '../lib/avatar';
import './Avatar.css';

type Props = {
  /** The person's own display name (not a remark): it picks the default's character and colour. */
  name: string;
  src?: string | null;
  size?: number;
  className?: string;
};

/** A square avatar with a small radius; without a picture, the name's first character. */
export function Avatar({ name, src, size = 40, className }: Props) {
  const [failed, setFailed] = useState<string | null>(null);
  const classes = ['avatar', className].filter(Boolean).join(' ');
  const radius = Math.max(4, Math.round(size * 0.12));
  if (src && failed !== src) {
    return (
      <img
        className={classes}
        src={src}
        alt=""
        width={size}
        height={size}
        style={{ borderRadius: radius }}
        onError={() => setFailed(src)}
        draggable={false}
      />
    );
  }
  return (
    <span
      className={`${classes} avatar--initial`}
      aria-hidden="true"
      style={{
        width: size,
        height: size,
        borderRadius: radius,
        background: avatarColor(name),
        fontSize: Math.round(size * 0.44),
      }}
    >
      {avatarInitial(name)}
    </span>
  );
}
