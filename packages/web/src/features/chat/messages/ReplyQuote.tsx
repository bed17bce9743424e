import { X } from 'lucide-react';
import './ReplyQuote.css';

type Props = {
  /** Who wrote the quoted message. */
  name: string;
  /** The quoted message on one line ("[视频] caption", "[图片]", the text). */
  text: string;
  /** For screen readers: "引用Alice的消息". */
  label: string;
  /** Goes to the original; absent when it cannot (then the quote is plain text). */
  onOpen?: () => void;
};

/** The quote above a reply's own content, as in WeChat: a grey strip with who and what. */
export function ReplyQuote({ name, text, label, onOpen }: Props) {
  const content = (
    <>
      <span className="reply-quote__name">{name}</span>
      <span className="reply-quote__text">{text}</span>
    </>
  );
  if (!onOpen) return <div className="reply-quote">{content}</div>;
  return (
    <button
      type="button"
      className="reply-quote reply-quote--link"
      aria-label={`${label}: ${text}`}
      onClick={onOpen}
    >
      {content}
    </button>
  );
}

type BarProps = {
  /** "回复Alice：". */
  title: string;
  text: string;
  cancelLabel: string;
  onCancel: () => void;
};

/** Above the composer's text box while replying: whom and what, with × to stop replying. */
export function ReplyBar({ title, text, cancelLabel, onCancel }: BarProps) {
  return (
    <div className="reply-bar">
      <span className="reply-bar__title">{title}</span>
      <span className="reply-bar__text">{text}</span>
      <button
        type="button"
        className="reply-bar__cancel"
        aria-label={cancelLabel}
        title={cancelLabel}
        onClick={onCancel}
      >
        <X size={14} aria-hidden="true" />
      </button>
    </div>
  );
}
