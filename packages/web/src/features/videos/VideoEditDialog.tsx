import type { Visibility } from '@liao/protocol';
import { useTranslation } from 'react-i18next';
import { Dialog, DialogTitle } from '../../ui/Dialog';
import { DialogActions } from '../../ui/DialogActions';
import { captionFits, VideoDetailsFields } from './VideoDetailsFields';
import './VideoEditDialog.css';

type Props = {
  open: boolean;
  caption: string;
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

/** The owner changes a posted video's caption and who may watch it (a modal dialog). */
export function VideoEditDialog({
  open,
  caption,
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
  return (
    <Dialog open={open} onClose={onCancel} busy={busy} className="video-edit">
      <form
        className="video-edit__body"
        onSubmit={(e) => {
          e.preventDefault();
          onSave();
        }}
      >
        <DialogTitle className="video-edit__title">{t('videos.editTitle')}</DialogTitle>
        <VideoDetailsFields
          caption={caption}
          visibility={visibility}
          onCaption={onCaption}
          onVisibility={onVisibility}
          hint={warnPrivate ? t('videos.privateHint') : null}
        />
        <DialogActions
          error={error}
          busy={busy}
          cancelLabel={t('common.cancel')}
          onCancel={onCancel}
          confirmLabel={t('common.save')}
          confirmDisabled={!captionFits(caption)}
        />
      </form>
    </Dialog>
  );
}
