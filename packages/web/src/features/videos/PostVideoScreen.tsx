import { LiaoError } from '@liao/client';
import type { Visibility } from '@liao/protocol';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/i18n/errors';
import { useAppStore } from '../../app/state/store';
import { useObjectUrl } from './useObjectUrl';
import { type UploadView, VideoUploadDialog } from './VideoUploadDialog';
import { checkVideoFile } from './videoFiles';
import type { VideoUpload } from './videosSlice';

/**
 * Failures another try can mend: the connection, or the account's other uploads still in
 * progress (once one finishes there is room), not a refusal of the file.
 */
const RETRYABLE: readonly string[] = [
  'NETWORK',
  'UPLOAD_OFFSET_MISMATCH',
  'TOO_MANY_UPLOADS',
  'TOO_MANY_UPLOAD_BYTES',
];
function canRetry(error: unknown): boolean {
  return error instanceof LiaoError && RETRYABLE.includes(error.code);
}

function percentOf(upload: VideoUpload): number {
  const fraction = upload.phase === 'uploading' ? upload.sent / Math.max(1, upload.total) : upload.progress;
  return Math.floor(Math.min(1, fraction) * 100);
}

/** 发视频: the dialog's draft lives here; the upload itself lives in the store (it outlives the dialog). */
export function PostVideoScreen() {
  const { t } = useTranslation();
  const open = useAppStore((s) => s.videoComposerOpen);
  const upload = useAppStore((s) => s.videoUpload);
  const postingAvailable = useAppStore((s) => s.videoPostingAvailable);
  const close = useAppStore((s) => s.closeVideoComposer);
  const postVideo = useAppStore((s) => s.postVideo);
  const retry = useAppStore((s) => s.retryVideoUpload);
  const cancelUpload = useAppStore((s) => s.cancelVideoUpload);
  const dismissUpload = useAppStore((s) => s.dismissVideoUpload);
  const showToast = useAppStore((s) => s.showToast);
  const [file, setFile] = useState<File | null>(null);
  const [caption, setCaption] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('friends');
  // Only while the dialog is open: a closed one (its upload going on in the background) keeps
  // the file for a retry, but no preview of it.
  const previewUrl = useObjectUrl(open ? file : null);

  const reset = () => {
    setFile(null);
    setCaption('');
  };

  const view: UploadView | null = upload && {
    fileName: upload.fileName,
    phase: upload.phase,
    percent: percentOf(upload),
    resumedPercent:
      upload.resumedFrom === null ? null : Math.floor((upload.resumedFrom / Math.max(1, upload.total)) * 100),
    privateVideo: visibility === 'private',
    errorText: upload.error ? describeError(t, upload.error) : null,
    canRetry: canRetry(upload.error),
  };

  return (
    <VideoUploadDialog
      open={open}
      file={file}
      previewUrl={previewUrl}
      caption={caption}
      visibility={visibility}
      upload={view}
      postingUnavailable={postingAvailable === false}
      onPick={(picked) => {
        const problem = checkVideoFile(picked);
        if (problem === 'type') showToast(t('videos.notVideo'), 'error');
        else if (problem === 'size') showToast(t('videos.tooLarge'), 'error');
        else if (problem === 'empty') showToast(t('videos.emptyFile'), 'error');
        else setFile(picked);
      }}
      onCaption={setCaption}
      onVisibility={setVisibility}
      onPublish={() => {
        if (file) void postVideo(file, { caption: caption.trim(), visibility });
      }}
      onCancelUpload={() => {
        cancelUpload();
      }}
      onRetry={() => void retry()}
      onPostAnother={() => {
        dismissUpload();
        reset();
      }}
      onClose={() => {
        if (upload?.phase === 'ready' || upload?.phase === 'failed' || !upload) reset();
        close();
      }}
    />
  );
}
