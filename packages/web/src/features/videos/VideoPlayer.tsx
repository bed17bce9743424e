import type { Video } from '@liao/protocol';
import { Forward, VideoOff, X } from 'lucide-react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEscape } from '../../app/useEscape';
import { Avatar } from '../../ui/Avatar';
import './VideoPlayer.css';

/** What the player needs of a video: a posted one from a grid, or a chat card's copy of it. */
export type PlayableVideo = Pick<Video, 'id' | 'caption' | 'posterUrl' | 'streamUrl'>;

type Props = {
  video: PlayableVideo;
  owner?: { name: string; avatarUrl: string | null };
  onClose: () => void;
  /** Given only where it may be shared (a grid's video: ready and not private). */
  onShare?: () => void;
  /** The owner's "…" (edit, delete), first in the bar. */
  actions?: ReactNode;
};

/**
 * A video over the whole window, with sound and the browser's controls, dark in both themes as
 * players are; Esc (through the Esc stack), the close button or a click beside it closes it. A
 * video no longer there says so (该视频已不可用) in its place, without a share button.
 */
export function VideoPlayer({ video, owner, onClose, onShare, actions }: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDivElement>(null);
  const [brokenId, setBrokenId] = useState<string | null>(null);
  // A chat card blanks its URLs once the video is deleted or made private; files that answer
  // with an error went the same way since the page was read.
  const gone = !video.streamUrl || brokenId === video.id;
  useEscape(true, onClose);

  // Focus moves into the player and back to the tile or card on closing.
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
        {gone ? (
          <p className="video-player__gone">
            <VideoOff size={20} aria-hidden="true" />
            <span>{t('videoChat.unavailable')}</span>
          </p>
        ) : (
          // biome-ignore lint/a11y/useMediaCaption: people's own short clips come without caption tracks
          <video
            key={video.id}
            className="video-player__video"
            src={video.streamUrl ?? undefined}
            poster={video.posterUrl ?? undefined}
            controls
            autoPlay
            playsInline
            preload="auto"
            onError={() => setBrokenId(video.id)}
          />
        )}
      </div>
      {!gone && (video.caption || owner) && (
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
        {onShare && !gone && (
          <button
            type="button"
            className="video-player__btn"
            aria-label={t('videos.shareVideo')}
            title={t('videos.share')}
            onClick={onShare}
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
