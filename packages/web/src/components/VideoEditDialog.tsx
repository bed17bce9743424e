import { textLength, type Visibility } from '@liao/protocol';
import { Globe, Lock, Users } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';
import { SegmentedControl } from './SegmentedControl';
import { TextField } from './TextField';
import './VideoEditDialog.css';

type Props = {
  open: boolean;
  caption: string;
  captionMax: number;
  visibility: Visibility;
  /** Sharing it stops working once it is private: said before saving, not after. */
  warnPrivate: boolean;
  busy: boolean;
  error: string | null;
  onCaption: (caption: string) => void;
  onVisibility: (visibility: Visibility) => void;
  onSave: () => void;
  onCancel: () => void;
};

/** The owner changes a posted video's caption and who may watch it (the browser's modal <dialog>). */
export function VideoEditDialog({
  open,
  caption,
  captionMax,
  visibility,
  warnPrivate,
  busy,
  error,
  onCaption,
  onVisibility,
  onSave,
  onCancel,
}: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="modal video-edit"
      aria-labelledby="video-edit-title"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
    >
      {open && (
        <form
          className="video-edit__body"
          onSubmit={(e) => {
            e.preventDefault();
            onSave();
          }}
        >
          <h2 id="video-edit-title" className="video-edit__title">
            {t('videos.editTitle')}
          </h2>
          <TextField
            label={t('videos.caption')}
            value={caption}
            onChange={onCaption}
            placeholder={t('videos.captionPlaceholder')}
            maxChars={captionMax}
            multiline
          />
          <div className="video-edit__visibility">
            <span className="video-edit__label">{t('videos.visibility')}</span>
            <SegmentedControl
              label={t('videos.visibility')}
              value={visibility}
              onChange={onVisibility}
              options={[
                { value: 'public', label: t('videos.public'), icon: <Globe size={14} aria-hidden="true" /> },
                {
                  value: 'friends',
                  label: t('videos.friends'),
                  icon: <Users size={14} aria-hidden="true" />,
                },
                { value: 'private', label: t('videos.private'), icon: <Lock size={14} aria-hidden="true" /> },
              ]}
            />
            {warnPrivate && <p className="video-edit__hint">{t('videos.privateHint')}</p>}
          </div>
          {error && (
            <p className="video-edit__error" role="alert">
              {error}
            </p>
          )}
          <div className="video-edit__actions">
            <Button onClick={onCancel} disabled={busy}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" variant="primary" busy={busy} disabled={textLength(caption) > captionMax}>
              {t('common.save')}
            </Button>
          </div>
        </form>
      )}
    </dialog>
  );
}
