import { Film } from 'lucide-react';
import { type SyntheticEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from './videoFiles';
import './VideoFilePreview.css';

type Props = {
  /** The picked file's object URL; null until it is made (the frame is kept meanwhile). */
  url: string | null;
};

/**
 * A picked clip before it is posted: it plays muted and looped, in its own shape, with its
 * length. A file this browser cannot decode (HEVC in some browsers, a damaged file) shows the
 * file icon instead and says it can still be posted: the server reads it, not the browser.
 * Give it a `key` per file, so that one file's failure never hides the next one's preview.
 */
export function VideoFilePreview({ url }: Props) {
  const { t } = useTranslation();
  const [lengthMs, setLengthMs] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);

  if (failed) {
    return (
      <div className="video-file-fallback">
        <Film size={28} aria-hidden="true" />
        <p className="video-file-fallback__note">{t('videos.noPreview')}</p>
      </div>
    );
  }

  const onMetadata = (e: SyntheticEvent<HTMLVideoElement>) => {
    const video = e.currentTarget;
    // Metadata without a picture: the container was read but not its video track.
    if (video.videoWidth === 0) setFailed(true);
    // A recording may not say how long it is (Infinity) until it has been played through.
    else if (Number.isFinite(video.duration)) setLengthMs(video.duration * 1000);
  };

  return (
    <figure className="video-file-preview" aria-label={t('videos.preview')}>
      {url && (
        <video
          className="video-file-preview__video"
          src={url}
          muted
          autoPlay
          loop
          playsInline
          preload="auto"
          onLoadedMetadata={onMetadata}
          onError={() => setFailed(true)}
        />
      )}
      {lengthMs !== null && (
        <span className="video-file-preview__length">
          <span className="visually-hidden">{t('videos.length')} </span>
          {formatDuration(lengthMs)}
        </span>
      )}
    </figure>
  );
}
