import type { Video } from '@liao/protocol';
import { AlertCircle, Forward, Lock, Users } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../ui/Avatar';
import { formatDuration } from './videoFiles';
import './VideoTile.css';

type Owner = { name: string; avatarUrl: string | null };

type Props = {
  video: Video;
  /** The feed names whose video it is; a profile's or my own grid does not. */
  owner?: Owner;
  /** My own grid marks who may watch (a lock for 仅自己, people for 仅好友). */
  showVisibility?: boolean;
  onOpen: (video: Video) => void;
  /** A share button on the tile (ready videos only, and never private ones: a chat could not show them). */
  onShare?: (video: Video) => void;
  /** The owner's "…" (edit, delete), in the top corner. */
  actions?: ReactNode;
};

/** One 9:16 video in a grid: its poster and length, or how far its processing is. */
export function VideoTile({ video, owner, showVisibility = false, onOpen, onShare, actions }: Props) {
  const { t } = useTranslation();
  const ready = video.state === 'ready';
  const caption = video.caption || t('videos.untitled');
  const percent = Math.floor(video.progress * 100);
  return (
    <div className={`video-tile video-tile--${video.state}`}>
      <button
        type="button"
        className="video-tile__open"
        aria-label={t('videos.open', { caption })}
        disabled={!ready}
        onClick={() => onOpen(video)}
      >
        {video.posterUrl ? (
          <img className="video-tile__poster" src={video.posterUrl} alt="" loading="lazy" draggable={false} />
        ) : (
          <span className="video-tile__poster video-tile__poster--none" />
        )}
      </button>
      {showVisibility && video.visibility !== 'public' && (
        <span
          className="video-tile__mark"
          title={video.visibility === 'private' ? t('videos.privateOnly') : t('videos.friendsOnly')}
        >
          {video.visibility === 'private' ? (
            <Lock size={12} aria-hidden="true" />
          ) : (
            <Users size={12} aria-hidden="true" />
          )}
          <span className="visually-hidden">
            {video.visibility === 'private' ? t('videos.privateOnly') : t('videos.friendsOnly')}
          </span>
        </span>
      )}
      {actions && <div className="video-tile__actions">{actions}</div>}
      {video.state === 'processing' || video.state === 'uploading' ? (
        <div className="video-tile__state" role="status">
          <span>{percent > 0 ? t('videos.processing', { percent }) : t('videos.waiting')}</span>
          <span className="video-tile__bar">
            <span className="video-tile__bar-fill" style={{ width: `${percent}%` }} />
          </span>
        </div>
      ) : video.state === 'failed' ? (
        <div className="video-tile__state video-tile__state--failed" role="status">
          <AlertCircle size={20} aria-hidden="true" />
          <span>{t('videos.failed')}</span>
        </div>
      ) : null}
      <div className="video-tile__foot">
        {(owner || video.caption) && (
          <div className="video-tile__text">
            {video.caption && <p className="video-tile__caption">{video.caption}</p>}
            {owner && (
              <p className="video-tile__owner">
                <Avatar name={owner.name} src={owner.avatarUrl} size={18} />
                <span className="truncate">{owner.name}</span>
              </p>
            )}
          </div>
        )}
        <div className="video-tile__side">
          {ready && onShare && video.visibility !== 'private' && (
            <button
              type="button"
              className="video-tile__share"
              aria-label={t('videos.shareVideo')}
              title={t('videos.share')}
              onClick={() => onShare(video)}
            >
              <Forward size={16} aria-hidden="true" />
            </button>
          )}
          {video.durationMs > 0 && (
            <span className="video-tile__duration">{formatDuration(video.durationMs)}</span>
          )}
        </div>
      </div>
    </div>
  );
}
