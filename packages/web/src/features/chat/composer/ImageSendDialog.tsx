import { ImagePlus, X } from 'lucide-react';
import { type ClipboardEvent, type DragEvent, type KeyboardEvent, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, DialogTitle } from '../../../ui/Dialog';
import { DialogActions } from '../../../ui/DialogActions';
import { DialogCloseButton } from '../../../ui/DialogCloseButton';
import { TextField } from '../../../ui/TextField';
import './ImageSendDialog.css';

/** An image waiting in the dialog: its preview (an object URL) and its file name. */
export type StagedImageView = { key: string; previewUrl: string; name: string };

type Props = {
  images: readonly StagedImageView[];
  /** Whom they go to, in the title: the wrong chat is seen before anything is sent. */
  recipient: string;
  caption: string;
  /** The caption's longest length (it goes as a text message). */
  maxCaptionLength: number;
  onCaption: (caption: string) => void;
  /** More images picked, pasted or dropped into the dialog; the caller checks what they are. */
  onAdd: (files: File[]) => void;
  onRemove: (key: string) => void;
  onSend: () => void;
  onCancel: () => void;
};

function filesOf(transfer: DataTransfer | null): File[] {
  return [...(transfer?.files ?? [])];
}

/**
 * 发送图片: the images picked, pasted or dropped into a chat, shown before anything is sent, as
 * in WeChat and Telegram: add more, remove one, write a caption; Enter sends, Esc cancels.
 * Mount it to open it.
 */
export function ImageSendDialog({
  images,
  recipient,
  caption,
  maxCaptionLength,
  onCaption,
  onAdd,
  onRemove,
  onSend,
  onCancel,
}: Props) {
  const { t } = useTranslation();
  const fileRef = useRef<HTMLInputElement>(null);
  const captionRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);

  // Ready for Enter (or a caption) at once. On touch screens the keyboard would rise over the
  // pictures: the dialog itself takes the focus (not its first button, which would wear a ring).
  const initialFocus = (card: HTMLElement) =>
    globalThis.matchMedia?.('(pointer: coarse)').matches ? card : captionRef.current;

  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing || e.keyCode === 229) return;
    // A focused button answers Enter itself (× removes that image, Cancel cancels).
    if (e.target instanceof HTMLButtonElement) return;
    e.preventDefault();
    onSend();
  }

  function onPaste(e: ClipboardEvent<HTMLDivElement>) {
    const files = filesOf(e.clipboardData);
    if (files.length === 0) return;
    e.preventDefault();
    onAdd(files);
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    const files = filesOf(e.dataTransfer);
    if (files.length === 0) return;
    e.preventDefault();
    onAdd(files);
  }

  const single = images.length === 1;
  return (
    <Dialog
      onClose={onCancel}
      className="image-send"
      initialFocus={initialFocus}
      onPaste={onPaste}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={onDrop}
    >
      <form
        className="image-send__body"
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          onSend();
        }}
      >
        <header className="image-send__head">
          <DialogTitle className="image-send__title truncate">
            {t('imageSend.title', { name: recipient })}
          </DialogTitle>
          <DialogCloseButton label={t('common.close')} onClick={onCancel} />
        </header>
        <ul className={`image-send__grid${single ? ' image-send__grid--single' : ''}`}>
          {images.map((image) => (
            <li key={image.key} className="image-send__item">
              <img src={image.previewUrl} alt={image.name} />
              <button
                type="button"
                className="image-send__remove"
                aria-label={t('imageSend.remove', { name: image.name })}
                title={t('imageSend.remove', { name: image.name })}
                onClick={() => onRemove(image.key)}
              >
                <X size={14} aria-hidden="true" />
              </button>
            </li>
          ))}
          <li className="image-send__add-item">
            <button type="button" className="image-send__add" onClick={() => fileRef.current?.click()}>
              <ImagePlus size={single ? 16 : 22} aria-hidden="true" />
              <span>{t('imageSend.add')}</span>
            </button>
            <input
              ref={fileRef}
              className="visually-hidden"
              type="file"
              accept="image/*"
              multiple
              tabIndex={-1}
              aria-hidden="true"
              onChange={(e) => {
                const files = [...(e.target.files ?? [])];
                // Cleared so that picking the same file again still reports it.
                e.target.value = '';
                if (files.length > 0) onAdd(files);
              }}
            />
          </li>
        </ul>
        <TextField
          label={t('imageSend.caption')}
          hideLabel
          placeholder={t('imageSend.captionPlaceholder')}
          value={caption}
          onChange={onCaption}
          maxLength={maxCaptionLength}
          inputRef={captionRef}
        />
        <DialogActions
          cancelLabel={t('common.cancel')}
          onCancel={onCancel}
          confirmLabel={t('imageSend.send', { count: images.length })}
          note={t('imageSend.hint')}
        />
      </form>
    </Dialog>
  );
}
