import { Camera } from 'lucide-react';
import { useRef } from 'react';
import { Avatar } from '../../ui/Avatar';
import { Button } from '../../ui/Button';
import './AvatarPicker.css';

type Props = {
  name: string;
  /** The current avatar, or a preview of the chosen file while it uploads. */
  src: string | null;
  busy: boolean;
  buttonLabel: string;
  busyLabel: string;
  onPick: (file: File) => void;
};

/** The avatar with a button to choose a new picture; a ring runs over the preview while it uploads. */
export function AvatarPicker({ name, src, busy, buttonLabel, busyLabel, onPick }: Props) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="avatar-picker">
      <button
        type="button"
        className="avatar-picker__image"
        onClick={() => input.current?.click()}
        disabled={busy}
        aria-label={buttonLabel}
      >
        <Avatar name={name} src={src} size={72} />
        <span className="avatar-picker__overlay" aria-hidden="true">
          {busy ? <span className="avatar-picker__progress" /> : <Camera size={20} />}
        </span>
      </button>
      <div className="avatar-picker__side">
        <Button size="s" onClick={() => input.current?.click()} busy={busy}>
          {busy ? busyLabel : buttonLabel}
        </Button>
        <p className="avatar-picker__hint">JPG · PNG · WebP · GIF</p>
      </div>
      <input
        ref={input}
        type="file"
        accept="image/png,image/jpeg,image/webp,image/gif,image/heic,image/avif"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onPick(file);
        }}
      />
    </div>
  );
}
