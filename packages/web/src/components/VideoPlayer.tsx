import type { Video } from '@liao/protocol';
import { Forward, X } from 'lucide-react';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from './Avatar';
import './VideoPlayer.css';

type Props = {
  video: Video;
  owner?: { name: string; avatarUrl: string | null };
  onClose: () => void;
  onShare?: (video: Video) => void;
  /** The owner's "…" (edit, delete), first in the bar. */
  actions?: ReactNode;
};

/**
 * A video over the whole window, with sound and the browser's controls; a click beside it
 * closes (Esc is the caller's, through the Esc stack).
 */
export function VideoPlayer({ video, owner, onClose, onShare, actions }: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDivElement>(null);

  // Focus moves into the player and back to the tile on closing.
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus();
    return () => before?.focus();
  }, []);

  return (
    <div
      className="video-player"
      role="dialog"
      aria-modal="true"
      aria-label={t('videos.player')}
      tabIndex={-1}
      ref={dialog}
      onClick={(e) => {
        const target = e.target as HTMLElement;
        if (target === e.currentTarget || target.classList.contains('video-player__stage')) onClose();
      }}
      onKeyDown={() => undefined}
    >
      <div className="video-player__stage">
        {video.streamUrl && (
          // biome-ignore lint/a11y/useMediaCaption: people's own short clips come without caption tracks
          <video
            key={video.id}
            className="video-player__video"
            src={video.streamUrl}
            poster={video.posterUrl ?? undefined}
            controls
            autoPlay
            playsInline
            preload="auto"
          />
        )}
      </div>
      {(video.caption || owner) && (
        <div className="video-player__info">
          {owner && (
            <p className="video-player__owner">
              <Avatar name={owner.name} src={owner.avatarUrl} size={24} />
              <span className="truncate">{owner.name}</span>
            </p>
          )}
          {video.caption && <p className="video-player__caption">{video.caption}</p>}
        </div>
      )}
      <div className="video-player__bar">
        {actions}
        {/* A private video shared into a chat would arrive there as unavailable. */}
        {onShare && video.state === 'ready' && video.visibility !== 'private' && (
          <button
            type="button"
            className="video-player__btn"
            aria-label={t('videos.shareVideo')}
            title={t('videos.share')}
            onClick={() => onShare(video)}
          >
            <Forward size={20} aria-hidden="true" />
          </button>
        )}
        <button
          type="button"
          className="video-player__btn"
          aria-label={t('videos.close')}
          title={t('videos.close')}
          onClick={onClose}
        >
          <X size={22} aria-hidden="true" />
        </button>
      </div>
    </div>
  );
}
