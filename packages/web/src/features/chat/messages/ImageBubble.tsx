import { ImageOff } from 'lucide-react';
import { useState } from 'react';
import { type ChatImage, imageBox } from '../chatModel';
import './ImageBubble.css';

export type ImageBubbleLabels = {
  /** What the button says to a screen reader: opens the picture. */
  open: string;
  failed: string;
  /** "Uploading 40%", from the fraction done. */
  uploading: (percent: number) => string;
};

type Props = {
  image: ChatImage;
  labels: ImageBubbleLabels;
  /** 0…1 while this device uploads it; null once it is on the server. */
  progress: number | null;
  onOpen: () => void;
};

/**
 * A picture in the chat, in a box of its true shape reserved before it loads, so the list does
 * not jump when it arrives: a quiet placeholder first, a clear mark if it cannot be loaded.
 */
export function ImageBubble({ image, labels, progress, onOpen }: Props) {
  const [state, setState] = useState<'loading' | 'loaded' | 'error'>('loading');
  const box = imageBox(image.width, image.height);
  const percent = progress === null ? null : Math.round(progress * 100);
  return (
    <button
      type="button"
      className={`img-bubble img-bubble--${state}`}
      style={{ width: box.width, height: box.height }}
      aria-label={percent === null ? labels.open : `${labels.open}, ${labels.uploading(percent)}`}
      onClick={onOpen}
    >
      {state === 'error' ? (
        <span className="img-bubble__error">
          <ImageOff size={20} aria-hidden="true" />
          <span>{labels.failed}</span>
        </span>
      ) : (
        <img
          className="img-bubble__img"
          src={image.thumbUrl}
          alt=""
          width={box.width}
          height={box.height}
          decoding="async"
          draggable={false}
          onLoad={() => setState('loaded')}
          onError={() => setState('error')}
        />
      )}
      {percent !== null && (
        <span className="img-bubble__progress" aria-hidden="true">
          <span className="img-bubble__percent">{percent}%</span>
          <span className="img-bubble__bar" style={{ width: `${percent}%` }} />
        </span>
      )}
    </button>
  );
}
