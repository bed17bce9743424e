import { textLength } from '@liao/protocol';
import { Play } from 'lucide-react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { DialogActions } from '../../ui/DialogActions';
import './ShareDialog.css';
import { PickedChips, PickLayout } from '../../ui/PickLayout';
import type { PickRow, PickSection } from '../../ui/PickList';
import { TextField } from '../../ui/TextField';
import { formatDuration } from './videoFiles';

/** A picked chat or contact, with why the last send did not reach it. */
export interface SharePick extends PickRow {
  refusal?: string;
}

/** What the top of the dialog shows of the video being sent. */
export interface ShareVideoFace {
  posterUrl: string | null;
  caption: string;
  durationMs: number;
}

type Props = {
  /** Null while it loads. */
  video: ShareVideoFace | null;
  query: string;
  onQueryChange: (query: string) => void;
  /** Chats or contacts to tick. */
  sections: readonly PickSection[];
  emptyText: string;
  picks: readonly SharePick[];
  onToggle: (key: string) => void;
  comment: string;
  onCommentChange: (comment: string) => void;
  commentMax: number;
  /** A line above the buttons: the limit reached, or the whole send refused. */
  notice: string | null;
  busy: boolean;
  onSend: () => void;
  onClose: () => void;
};

/**
 * WeChat's forward: recent chats or what the search found on the left, each with a tick; on the
 * right the video, those picked (分别发送给), a comment and 发送. Full screen on the phone, where
 * the video and the picks sit above the list. A modal dialog (ui/PickLayout): Esc closes it
 * and focus stays inside.
 */
export function ShareDialog({
  video,
  query,
  onQueryChange,
  sections,
  emptyText,
  picks,
  onToggle,
  comment,
  onCommentChange,
  commentMax,
  notice,
  busy,
  onSend,
  onClose,
}: Props) {
  const { t } = useTranslation();
  const pickedKeys = new Set(picks.map((p) => p.key));
  const commentLength = textLength(comment);
  // The count appears only near the limit: most comments are a few words.
  const nearLimit = commentLength > commentMax * 0.8;
  const canSend = picks.length > 0 && commentLength <= commentMax;
  const sendLabel = picks.length > 0 ? t('share.sendCount', { count: picks.length }) : t('share.send');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (canSend && !busy) onSend();
  }

  return (
    <PickLayout
      className="share-dialog"
      title={t('share.title')}
      headEnd={
        <Button
          type="submit"
          variant="primary"
          size="s"
          className="share-dialog__send-top"
          disabled={!canSend}
          busy={busy}
        >
          {sendLabel}
        </Button>
      }
      busy={busy}
      onSubmit={submit}
      onClose={onClose}
      list={{
        query,
        onQueryChange,
        sections,
        picked: pickedKeys,
        onToggle,
        emptyText,
        searchLabel: t('share.searchLabel'),
        searchPlaceholder: t('share.searchPlaceholder'),
      }}
    >
      <VideoSummary video={video} />
      <p className="pick-layout__count share-dialog__count" aria-live="polite">
        {picks.length > 0 ? t('share.picked', { count: picks.length }) : t('share.pickHint')}
      </p>
      <PickedChips
        className="share-dialog__picks"
        chips={picks.map((pick) => ({
          ...pick,
          note: pick.refusal && t('share.refused', { reason: pick.refusal }),
        }))}
        unpickLabel={(name) => t('share.unpick', { name })}
        onUnpick={onToggle}
        disabled={busy}
      />
      <TextField
        className="share-dialog__comment"
        label={t('share.comment')}
        hideLabel
        placeholder={t('share.commentPlaceholder')}
        value={comment}
        onChange={onCommentChange}
        maxChars={nearLimit ? commentMax : undefined}
      />
      <DialogActions
        className="pick-layout__actions share-dialog__actions"
        error={notice}
        busy={busy}
        cancelLabel={t('common.cancel')}
        onCancel={onClose}
        confirmLabel={sendLabel}
        confirmDisabled={!canSend}
      />
    </PickLayout>
  );
}

function VideoSummary({ video }: { video: ShareVideoFace | null }) {
  const { t } = useTranslation();
  if (!video)
    return <div className="share-dialog__video share-dialog__video--loading">{t('share.loadingVideo')}</div>;
  return (
    <div className="share-dialog__video">
      <div className="share-dialog__poster">
        {video.posterUrl && <img src={video.posterUrl} alt="" draggable={false} />}
        <Play size={16} className="share-dialog__play" aria-hidden="true" fill="currentColor" />
        <span className="share-dialog__duration">{formatDuration(video.durationMs)}</span>
      </div>
      <p className="share-dialog__caption">{video.caption || t('share.video')}</p>
    </div>
  );
}
