import { BellOff, Pin } from 'lucide-react';
import { Avatar } from './Avatar';
import { Badge } from './Badge';
import './ConversationRow.css';

type Props = {
  name: string;
  /** The name the default avatar is drawn from (the person's own name, not a remark). */
  avatarName: string;
  avatarUrl: string | null;
  preview: string;
  time: string;
  unread: number;
  unreadLabel: string;
  muted: boolean;
  mutedLabel: string;
  pinned: boolean;
  selected: boolean;
  onClick: () => void;
};

/** One chat in the conversation list: avatar, name, last line, time and unread badge. */
export function ConversationRow(props: Props) {
  const {
    name,
    avatarName,
    avatarUrl,
    preview,
    time,
    unread,
    unreadLabel,
    muted,
    mutedLabel,
    pinned,
    selected,
  } = props;
  const classes = ['conv-row', selected && 'conv-row--selected', pinned && 'conv-row--pinned'].filter(
    Boolean,
  );
  return (
    <button
      type="button"
      className={classes.join(' ')}
      aria-current={selected || undefined}
      onClick={props.onClick}
      data-name={name}
    >
      <span className="conv-row__avatar">
        <Avatar name={avatarName} src={avatarUrl} size={40} />
        <Badge
          count={unread}
          label={unreadLabel}
          className={muted ? 'conv-row__badge conv-row__badge--muted' : 'conv-row__badge'}
        />
      </span>
      <span className="conv-row__text">
        <span className="conv-row__top">
          <span className="conv-row__name truncate">{name}</span>
          <span className="conv-row__time">{time}</span>
        </span>
        <span className="conv-row__bottom">
          <span className="conv-row__preview truncate">{preview}</span>
          {pinned && <Pin size={12} className="conv-row__mark" aria-hidden="true" />}
          {muted && <BellOff size={12} className="conv-row__mark" aria-label={mutedLabel} />}
        </span>
      </span>
    </button>
  );
}
