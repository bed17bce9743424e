import { textLength } from '@liao/protocol';
import { ImagePlus, Plus, Send, Smile } from 'lucide-react';
import {
  type ClipboardEvent,
  type KeyboardEvent,
  type Ref,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { useEscape } from '../../../app/useEscape';
import { type SendKey, sendKeyAction } from '../../../lib/sendKey';
import { DropdownMenu, type MenuItem } from '../../../ui/DropdownMenu';
import { EmojiPicker, type EmojiPickerLabels } from '../emoji/EmojiPicker';
import type { EmojiCatalog } from '../emoji/emoji';
import { ReplyBar } from '../messages/ReplyQuote';
import { ComposerNotice } from './ComposerNotice';
import './Composer.css';

/** The count shows from this share of the limit on: close enough to matter, not before. */
const COUNT_SHOWN_FROM = 0.9;

type Props = {
  value: string;
  sendKey: SendKey;
  /** The longest text that can be sent, in characters (code points, as the server counts). */
  maxLength: number;
  labels: {
    placeholder: string;
    send: string;
    /** How to send and break lines with the chosen send key. */
    hint: string;
    emoji: string;
    images: string;
    picker: EmojiPickerLabels;
    /** "4,980/5,000". */
    count: (length: number, max: number) => string;
    /** Over the limit by `over` characters: shorten it to send. */
    tooLong: (over: number) => string;
    /** Text pasted that is over the limit: too long to send as a message (a file, later). */
    pastedTooLong: (length: number, max: number) => string;
  };
  emoji: { catalog: EmojiCatalog | null; failed: boolean; recent: readonly string[] };
  /** The picker opened: time to load the catalog. */
  onEmojiOpen: () => void;
  /** An emoji went into the text (for the recent list). */
  onEmojiPicked: (unicode: string) => void;
  onChange: (value: string) => void;
  /** Called with the text to send; never with empty or whitespace-only text. */
  onSend: (text: string) => void;
  /** Files picked with the image button or pasted; the caller checks what they are. */
  onFiles: (files: File[]) => void;
  /** The composer's outer element (the chat uses it to find where files may be dropped). */
  rootRef?: Ref<HTMLDivElement>;
  /** The message being answered, shown above the text box with × to stop; `key` changes per message. */
  reply?: { key: string; title: string; text: string; cancelLabel: string; onCancel: () => void } | null;
  /** The toolbar's "+" menu (calls in a one-to-one chat); no button without items. */
  more?: { label: string; items: readonly MenuItem[] };
};

/** The message box with its toolbar (emoji, images) above, as in WeChat's desktop client. */
export function Composer({
  value,
  sendKey,
  maxLength,
  labels,
  emoji,
  onEmojiOpen,
  onEmojiPicked,
  onChange,
  onSend,
  onFiles,
  rootRef,
  reply,
  more,
}: Props) {
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const emojiAreaRef = useRef<HTMLDivElement>(null);
  const [pickerOpen, setPickerOpen] = useState(false);
  // Where the caret goes once the text with an inserted emoji or line break is rendered.
  const caretAfterRender = useRef<number | null>(null);
  const empty = value.trim() === '';
  // Counted as the server counts: trimmed, in code points (an emoji is one).
  const length = textLength(value.trim());
  const over = length > maxLength;
  /** A paste longer than a message can be: say that it cannot go as a message at all. */
  const [pastedOver, setPastedOver] = useState(false);

  useLayoutEffect(() => {
    const caret = caretAfterRender.current;
    if (caret === null || !inputRef.current) return;
    caretAfterRender.current = null;
    inputRef.current.setSelectionRange(caret, caret);
  });

  // Choosing "reply" on a message puts the caret in the box, ready to type the answer.
  const replyKey = reply?.key;
  useEffect(() => {
    if (replyKey) inputRef.current?.focus();
  }, [replyKey]);

  useEffect(() => {
    if (!pickerOpen) return;
    const closeOutside = (e: PointerEvent) => {
      if (!emojiAreaRef.current?.contains(e.target as Node)) setPickerOpen(false);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [pickerOpen]);

  // Esc closes the picker wherever the focus is, the text box included (inside the picker, the
  // picker's own key handler closes it first).
  useEscape(pickerOpen, () => setPickerOpen(false));

  function send() {
    if (empty || over) return;
    // The message is on its way: the picker would only cover it.
    setPickerOpen(false);
    onSend(value);
  }

  /** Puts text at the caret (replacing a selection) and keeps the focus in the box. */
  function insertAtCaret(text: string) {
    const input = inputRef.current;
    const start = input?.selectionStart ?? value.length;
    const end = input?.selectionEnd ?? start;
    caretAfterRender.current = start + text.length;
    onChange(value.slice(0, start) + text + value.slice(end));
    input?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    const action = sendKeyAction(
      {
        key: e.key,
        shiftKey: e.shiftKey,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        isComposing: e.nativeEvent.isComposing,
        keyCode: e.keyCode,
      },
      sendKey,
    );
    if (!action) return;
    e.preventDefault();
    if (action === 'send') send();
    else insertAtCaret('\n');
  }

  function onPaste(e: ClipboardEvent<HTMLTextAreaElement>) {
    const files = [...e.clipboardData.files];
    if (files.length === 0) {
      // The text goes in as pasted (nothing is lost); the notice says what can be done with it.
      const pasted = e.clipboardData.getData('text/plain');
      if (textLength(pasted.trim()) > maxLength) setPastedOver(true);
      return;
    }
    // A copied picture often comes with its HTML too: send the picture, paste no markup.
    e.preventDefault();
    onFiles(files);
  }

  function toggleEmoji() {
    if (!pickerOpen) onEmojiOpen();
    setPickerOpen(!pickerOpen);
  }

  function closeEmoji() {
    setPickerOpen(false);
    inputRef.current?.focus();
  }

  return (
    <div className="composer" ref={rootRef}>
      <div className="composer__toolbar">
        <div className="composer__emoji" ref={emojiAreaRef}>
          <button
            type="button"
            className="composer__tool"
            aria-label={labels.emoji}
            title={labels.emoji}
            aria-haspopup="dialog"
            aria-expanded={pickerOpen}
            onClick={toggleEmoji}
          >
            <Smile size={20} aria-hidden="true" />
          </button>
          {pickerOpen && (
            <div className="composer__popover">
              <EmojiPicker
                catalog={emoji.catalog}
                failed={emoji.failed}
                recent={emoji.recent}
                labels={labels.picker}
                onPick={(unicode, via) => {
                  insertAtCaret(unicode);
                  onEmojiPicked(unicode);
                  if (via === 'keyboard') setPickerOpen(false);
                }}
                onClose={closeEmoji}
              />
            </div>
          )}
        </div>
        <button
          type="button"
          className="composer__tool"
          aria-label={labels.images}
          title={labels.images}
          onClick={() => fileRef.current?.click()}
        >
          <ImagePlus size={20} aria-hidden="true" />
        </button>
        {more && more.items.length > 0 && (
          <DropdownMenu label={more.label} items={more.items}>
            <button type="button" className="composer__tool" aria-label={more.label} title={more.label}>
              <Plus size={20} aria-hidden="true" />
            </button>
          </DropdownMenu>
        )}
        <input
          ref={fileRef}
          className="composer__file"
          type="file"
          accept="image/*"
          multiple
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            // Cleared so that picking the same file again still reports it.
            e.target.value = '';
            if (files.length > 0) onFiles(files);
          }}
        />
      </div>
      {reply && (
        <ReplyBar
          title={reply.title}
          text={reply.text}
          cancelLabel={reply.cancelLabel}
          onCancel={reply.onCancel}
        />
      )}
      <textarea
        ref={inputRef}
        className="composer__input"
        value={value}
        placeholder={labels.placeholder}
        aria-label={labels.placeholder}
        onChange={(e) => {
          // Cut back within the limit: a later excess is typed, not pasted.
          if (textLength(e.target.value.trim()) <= maxLength) setPastedOver(false);
          onChange(e.target.value);
        }}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
      />
      <div className="composer__actions">
        <div className="composer__send-row">
          {over && (
            <ComposerNotice
              text={pastedOver ? labels.pastedTooLong(length, maxLength) : labels.tooLong(length - maxLength)}
            />
          )}
          {length >= maxLength * COUNT_SHOWN_FROM && (
            <span className={`composer__count${over ? ' composer__count--over' : ''}`}>
              {labels.count(length, maxLength)}
            </span>
          )}
          <button
            type="button"
            className="composer__send"
            disabled={empty || over}
            onClick={send}
            title={labels.hint}
          >
            <Send size={14} aria-hidden="true" />
            {labels.send}
          </button>
        </div>
        <span className="composer__hint">{labels.hint}</span>
      </div>
    </div>
  );
}
