import { textLength } from '@liao/protocol';
import { Check, Play, Search, X } from 'lucide-react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';
import { DialogCloseButton } from './DialogCloseButton';
import './FriendPicker.css';
import './PickLayout.css';
import './ShareDialog.css';
import { formatDuration } from '../lib/videoFiles';
import { TextField } from './TextField';
import { useModalDialog } from './useModalDialog';

/** A chat or contact to tick. */
export interface ShareRow {
  key: string;
  avatar: ReactNode;
  name: string;
}

export interface ShareSection {
  title: string;
  rows: readonly ShareRow[];
}

/** A picked target, with why the last send did not reach it. */
export interface SharePick extends ShareRow {
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
  sections: readonly ShareSection[];
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
 * the video and the picks sit above the list. A native modal <dialog>: Esc closes it and focus
 * stays inside.
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
  const ref = useModalDialog(true);
  const pickedKeys = new Set(picks.map((p) => p.key));
  const shown = sections.filter((s) => s.rows.length > 0);
  const commentLength = textLength(comment);
  // The count appears only near the limit: most comments are a few words.
  const nearLimit = commentLength > commentMax * 0.8;
  const canSend = picks.length > 0 && commentLength <= commentMax;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (canSend && !busy) onSend();
  }

  return (
    <dialog
      ref={ref}
      className="modal pick-layout share-dialog"
      aria-labelledby="share-dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form className="pick-layout__body" onSubmit={submit}>
        <div className="pick-layout__left share-dialog__left">
          <div className="picker__search">
            <Search size={15} aria-hidden="true" />
            <input
              type="search"
              aria-label={t('share.searchLabel')}
              placeholder={t('share.searchPlaceholder')}
              value={query}
              onChange={(e) => onQueryChange(e.target.value)}
            />
          </div>
          <div className="picker__scroll">
            {shown.length === 0 ? (
              <p className="picker__empty">{emptyText}</p>
            ) : (
              shown.map((section) => (
                <section key={section.title} aria-label={section.title}>
                  <h3 className="picker__letter">{section.title}</h3>
                  <ul>
                    {section.rows.map((row) => {
                      const checked = pickedKeys.has(row.key);
                      return (
                        <li key={row.key}>
                          <label className="picker__row">
                            <input
                              type="checkbox"
                              className="picker__input"
                              checked={checked}
                              onChange={() => onToggle(row.key)}
                            />
                            <span className="picker__box" aria-hidden="true">
                              {checked && <Check size={13} strokeWidth={3} />}
                            </span>
                            {row.avatar}
                            <span className="picker__name truncate">{row.name}</span>
                          </label>
                        </li>
                      );
                    })}
                  </ul>
                </section>
              ))
            )}
          </div>
        </div>
        <div className="pick-layout__right share-dialog__right">
          <div className="pick-layout__head">
            <DialogCloseButton
              label={t('common.close')}
              onClick={onClose}
              disabled={busy}
              className="share-dialog__close"
            />
            <h2 id="share-dialog-title" className="pick-layout__title share-dialog__title">
              {t('share.title')}
            </h2>
            <Button
              type="submit"
              variant="primary"
              size="s"
              className="share-dialog__send-top"
              disabled={!canSend}
              busy={busy}
            >
              {picks.length > 0 ? t('share.sendCount', { count: picks.length }) : t('share.send')}
            </Button>
          </div>
          <VideoSummary video={video} />
          <p className="pick-layout__count share-dialog__count" aria-live="polite">
            {picks.length > 0 ? t('share.picked', { count: picks.length }) : t('share.pickHint')}
          </p>
          <ul className="pick-layout__chips share-dialog__picks">
            {picks.map((pick) => (
              <li key={pick.key}>
                <button
                  type="button"
                  className="pick-layout__chip"
                  aria-label={t('share.unpick', { name: pick.name })}
                  title={pick.refusal ?? t('share.unpick', { name: pick.name })}
                  onClick={() => onToggle(pick.key)}
                  disabled={busy}
                >
                  {pick.avatar}
                  <span className="pick-layout__chip-label share-dialog__chip-text">
                    <span className="truncate">{pick.name}</span>
                    {pick.refusal && (
                      <span className="share-dialog__chip-refusal">
                        {t('share.refused', { reason: pick.refusal })}
                      </span>
                    )}
                  </span>
                  <X size={14} aria-hidden="true" className="pick-layout__chip-x" />
                </button>
              </li>
            ))}
          </ul>
          <TextField
            className="share-dialog__comment"
            label={t('share.comment')}
            hideLabel
            placeholder={t('share.commentPlaceholder')}
            value={comment}
            onChange={onCommentChange}
            maxChars={nearLimit ? commentMax : undefined}
          />
          {notice && (
            <p className="pick-layout__error" role="alert">
              {notice}
            </p>
          )}
          <div className="pick-layout__actions share-dialog__actions">
            <Button onClick={onClose} disabled={busy}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" variant="primary" disabled={!canSend} busy={busy}>
              {picks.length > 0 ? t('share.sendCount', { count: picks.length }) : t('share.send')}
            </Button>
          </div>
        </div>
      </form>
    </dialog>
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
