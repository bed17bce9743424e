import type { Visibility } from '@liao/protocol';
import { AlertCircle, CheckCircle2, Film } from 'lucide-react';
import { type ChangeEvent, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { Dialog, DialogTitle } from '../../ui/Dialog';
import { DialogCloseButton } from '../../ui/DialogCloseButton';
import { captionFits, VideoDetailsFields } from './VideoDetailsFields';
import { VideoFilePreview } from './VideoFilePreview';
import { VIDEO_ACCEPT } from './videoFiles';
import './VideoUploadDialog.css';

/** What the dialog shows of an upload under way (already in words and whole percents). */
export type UploadView = {
  fileName: string;
  phase: 'uploading' | 'processing' | 'ready' | 'failed';
  /** 0…100: bytes sent while uploading, the transcode while processing. */
  percent: number;
  /** Where an earlier upload of the same file was taken up, in percent; null when new. */
  resumedPercent: number | null;
  /** A finished video that only its owner sees. */
  privateVideo: boolean;
  errorText: string | null;
  /** The failure can be retried (a dropped connection, not a refusal). */
  canRetry: boolean;
};

type Props = {
  open: boolean;
  file: { name: string; size: number } | null;
  /** The picked file's object URL, for its preview (made and revoked by the caller). */
  previewUrl: string | null;
  caption: string;
  visibility: Visibility;
  upload: UploadView | null;
  /** The server takes no videos (no ffmpeg there): the dialog says so instead of offering a pick. */
  postingUnavailable: boolean;
  onPick: (file: File) => void;
  onCaption: (caption: string) => void;
  onVisibility: (visibility: Visibility) => void;
  onPublish: () => void;
  onCancelUpload: () => void;
  onRetry: () => void;
  onPostAnother: () => void;
  onClose: () => void;
};

/** A file's size as people read it: "850 KB" under a megabyte ("0.0 MB" says nothing), else "12.4 MB". */
function fileSize(size: number): string {
  if (size < 1024 * 1024) return `${Math.max(1, Math.round(size / 1024))} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * 发视频: pick a file (it plays muted, with its length), write a caption, choose who may watch,
 * then watch it upload and process.
 * Closing while it uploads leaves it going in the background (My videos shows it).
 */
export function VideoUploadDialog(props: Props) {
  const { t } = useTranslation();
  const { open, file, upload, onClose } = props;
  return (
    <Dialog open={open} onClose={onClose} className="video-upload">
      <div className="video-upload__body">
        <header className="video-upload__head">
          <DialogTitle className="video-upload__title">{t('videos.post')}</DialogTitle>
          <DialogCloseButton label={t('videos.close')} onClick={onClose} />
        </header>
        {upload ? (
          <Progress {...props} upload={upload} />
        ) : props.postingUnavailable ? (
          <Unavailable onClose={onClose} />
        ) : (
          <Form {...props} file={file} />
        )}
      </div>
    </Dialog>
  );
}

function Unavailable({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="video-upload__unavailable" role="status">
        <AlertCircle size={28} aria-hidden="true" />
        <p className="video-upload__unavailable-title">{t('videos.unavailableTitle')}</p>
        <p>{t('videos.unavailableBody')}</p>
      </div>
      <div className="video-upload__actions">
        <Button variant="primary" onClick={onClose}>
          {t('videos.close')}
        </Button>
      </div>
    </>
  );
}

function Form({
  file,
  previewUrl,
  caption,
  visibility,
  onPick,
  onCaption,
  onVisibility,
  onPublish,
  onClose,
}: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const picked = e.target.files?.[0];
    // The same file picked twice must fire again (a retry after a reload).
    e.target.value = '';
    if (picked) onPick(picked);
  };
  return (
    <>
      <div className={`video-upload__pick${file ? ' video-upload__pick--chosen' : ''}`}>
        {file ? (
          <VideoFilePreview key={previewUrl ?? 'none'} url={previewUrl} />
        ) : (
          <Film size={28} aria-hidden="true" />
        )}
        {file ? (
          <p className="video-upload__file">
            <span className="truncate">{file.name}</span>
            <span className="video-upload__size">{fileSize(file.size)}</span>
          </p>
        ) : (
          <p className="video-upload__hint">{t('videos.pickHint')}</p>
        )}
        <Button size="s" variant={file ? 'secondary' : 'primary'} onClick={() => input.current?.click()}>
          {file ? t('videos.change') : t('videos.pick')}
        </Button>
        <input
          ref={input}
          type="file"
          accept={VIDEO_ACCEPT}
          className="visually-hidden"
          tabIndex={-1}
          aria-label={t('videos.pick')}
          onChange={onFile}
        />
      </div>
      <VideoDetailsFields
        caption={caption}
        visibility={visibility}
        onCaption={onCaption}
        onVisibility={onVisibility}
      />
      <div className="video-upload__actions">
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button variant="primary" disabled={!file || !captionFits(caption)} onClick={onPublish}>
          {t('videos.publish')}
        </Button>
      </div>
    </>
  );
}

function Progress({
  upload,
  onCancelUpload,
  onRetry,
  onPostAnother,
  onClose,
}: Props & { upload: UploadView }) {
  const { t } = useTranslation();
  const { phase, percent } = upload;
  let status: string;
  if (phase === 'uploading') status = t('videos.uploading', { percent });
  else if (phase === 'processing') status = t('videos.processing', { percent });
  else if (phase === 'ready') status = upload.privateVideo ? t('videos.readyPrivate') : t('videos.ready');
  else status = upload.errorText ?? t('videos.failed');
  return (
    <>
      <div className={`video-upload__progress video-upload__progress--${phase}`}>
        <p className="video-upload__file">
          <span className="truncate">{upload.fileName}</span>
        </p>
        {(phase === 'uploading' || phase === 'processing') && (
          <div
            className="video-upload__bar"
            role="progressbar"
            aria-label={status}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
          >
            <span className="video-upload__bar-fill" style={{ width: `${percent}%` }} />
          </div>
        )}
        <p className="video-upload__status" role="status">
          {phase === 'ready' && <CheckCircle2 size={16} aria-hidden="true" />}
          {phase === 'failed' && <AlertCircle size={16} aria-hidden="true" />}
          <span>{status}</span>
        </p>
        {upload.resumedPercent !== null && phase === 'uploading' && (
          <p className="video-upload__note">{t('videos.resumed', { percent: upload.resumedPercent })}</p>
        )}
      </div>
      <div className="video-upload__actions">
        {phase === 'uploading' && (
          <>
            <Button onClick={onCancelUpload}>{t('videos.cancelUpload')}</Button>
            <Button variant="primary" onClick={onClose}>
              {t('videos.background')}
            </Button>
          </>
        )}
        {phase === 'processing' && (
          <Button variant="primary" onClick={onClose}>
            {t('videos.background')}
          </Button>
        )}
        {phase === 'ready' && (
          <>
            <Button onClick={onPostAnother}>{t('videos.postAnother')}</Button>
            <Button variant="primary" onClick={onClose}>
              {t('videos.done')}
            </Button>
          </>
        )}
        {phase === 'failed' && (
          <>
            <Button onClick={onPostAnother}>{t('videos.change')}</Button>
            {upload.canRetry && (
              <Button variant="primary" onClick={onRetry}>
                {t('videos.retry')}
              </Button>
            )}
          </>
        )}
      </div>
    </>
  );
}
