import { Expand, Play, Share2, VideoOff } from 'lucide-react';
import { useState } from 'react';
import { DelayedSpinner } from '../../../ui/DelayedSpinner';
import { formatDuration } from '../../videos';
import { type ChatVideo, videoBox } from '../chatModel';
import './VideoCard.css';

export type VideoCardLabels = {
  /** "视频：caption" / "视频", for the play button. */
  play: (caption: string) => string;
  fullWindow: string;
  share: string;
  unavailable: string;
  sending: string;
};

type Props = {
  video: ChatVideo;
  labels: VideoCardLabels;
  /** Play the preview muted while the pointer is over the poster (a setting). */
  hoverAutoplay: boolean;
  /**
   * A click plays it inside the card (the desktop); when false (the phone, where the card is
   * too small to watch) a tap opens it full screen, and the card has no full-window button.
   */
  playInPlace: boolean;
  onFullWindow: () => void;
  onShare: () => void;
};

/**
 * A shared video in the chat: its poster in a box of the video's shape (reserved before it
 * loads), the length, the caption and the comment sent with it. The whole card is as wide as
 * the poster (the comment wraps under it), so no strip of bubble shows beside the picture. A
 * click plays it here (a tap on the phone, full screen); the full-window button plays it large
 * with sound. Once its owner
 * deleted it or made it private (or its files answer 404), a grey card says it is no longer
 * available.
 */
export function VideoCard({ video, labels, hoverAutoplay, playInPlace, onFullWindow, onShare }: Props) {
  const { card, comment } = video;
  const [mode, setMode] = useState<'poster' | 'hover' | 'playing'>('poster');
  const [broken, setBroken] = useState(false);

  if (!card) {
    const box = videoBox(0, 0);
    return (
      <div className="video-card video-card--pending" style={{ width: box.width, height: box.height }}>
        <DelayedSpinner label={labels.sending} />
      </div>
    );
  }
  if (!card.available || broken || !card.streamUrl) {
    return (
      <div className="video-card video-card--gone">
        <span className="video-card__gone">
          <VideoOff size={18} aria-hidden="true" />
          <span>{labels.unavailable}</span>
        </span>
        {comment && <p className="video-card__comment">{comment}</p>}
      </div>
    );
  }

  const box = videoBox(card.width, card.height);
  const caption = card.caption.trim();
  const previewSrc = card.previewUrl ?? card.streamUrl;
  return (
    <div className="video-card" style={{ width: box.width }}>
      <div
        className="video-card__media"
        style={{ aspectRatio: `${box.width} / ${box.height}` }}
        onPointerEnter={(e) => {
          // A finger "enters" as it touches: only a mouse hovers.
          if (hoverAutoplay && e.pointerType === 'mouse' && mode === 'poster') setMode('hover');
        }}
        onPointerLeave={() => {
          if (mode === 'hover') setMode('poster');
        }}
      >
        {mode === 'playing' ? (
          // biome-ignore lint/a11y/useMediaCaption: people's own clips come without captions
          <video
            className="video-card__video"
            src={card.streamUrl}
            poster={card.posterUrl ?? undefined}
            controls
            autoPlay
            playsInline
            onError={() => setBroken(true)}
          />
        ) : (
          <button
            type="button"
            className="video-card__poster"
            aria-label={labels.play(caption)}
            onClick={() => {
              if (playInPlace) setMode('playing');
              else {
                setMode('poster');
                onFullWindow();
              }
            }}
          >
            {card.posterUrl && (
              <img
                className="video-card__img"
                src={card.posterUrl}
                alt=""
                decoding="async"
                draggable={false}
                onError={() => setBroken(true)}
              />
            )}
            {mode === 'hover' && (
              <video className="video-card__video" src={previewSrc} muted autoPlay loop playsInline />
            )}
            <span className="video-card__play" aria-hidden="true">
              <Play size={22} fill="currentColor" />
            </span>
            <span className="video-card__duration">{formatDuration(card.durationMs)}</span>
          </button>
        )}
      </div>
      <div className="video-card__footer">
        <span className="video-card__caption" title={caption}>
          {caption}
        </span>
        {playInPlace && (
          <button
            type="button"
            className="video-card__tool"
            aria-label={labels.fullWindow}
            title={labels.fullWindow}
            onClick={() => {
              if (mode === 'playing') setMode('poster');
              onFullWindow();
            }}
          >
            <Expand size={15} aria-hidden="true" />
          </button>
        )}
        <button
          type="button"
          className="video-card__tool"
          aria-label={labels.share}
          title={labels.share}
          onClick={onShare}
        >
          <Share2 size={15} aria-hidden="true" />
        </button>
      </div>
      {comment && <p className="video-card__comment">{comment}</p>}
    </div>
  );
}
