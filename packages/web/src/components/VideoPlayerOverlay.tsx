import { X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { useEscape } from '../layouts/useEscape';
import './VideoPlayerOverlay.css';

type Props = {
  streamUrl: string;
  posterUrl: string | null;
  labels: { title: string; close: string };
  onClose: () => void;
};

/**
 * A shared video played large over the whole window, with sound and the browser's controls,
 * dark in both themes as players are; Esc, the close button or a click beside it closes it.
 */
export function VideoPlayerOverlay({ streamUrl, posterUrl, labels, onClose }: Props) {
  const dialog = useRef<HTMLDivElement>(null);
  useEscape(true, onClose);

  // Focus moves in, and back to the card's button on closing.
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus();
    return () => before?.focus();
  }, []);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click beside the video is a shortcut; keys have Esc and the close button
    <div
      className="video-overlay"
      role="dialog"
      aria-modal="true"
      aria-label={labels.title}
      tabIndex={-1}
      ref={dialog}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      {/* biome-ignore lint/a11y/useMediaCaption: people's own clips come without captions */}
      <video
        className="video-overlay__video"
        src={streamUrl}
        poster={posterUrl ?? undefined}
        controls
        autoPlay
        playsInline
      />
      <button
        type="button"
        className="video-overlay__close"
        aria-label={labels.close}
        title={labels.close}
        onClick={onClose}
      >
        <X size={20} aria-hidden="true" />
      </button>
    </div>
  );
}
