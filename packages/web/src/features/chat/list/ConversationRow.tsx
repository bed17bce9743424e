import { BellOff } from 'lucide-react';
import type { ReactNode } from 'react';
import { Badge } from '../../../ui/Badge';
import { ContextMenu, type MenuItems } from '../../../ui/ContextMenu';
import './ConversationRow.css';

type Props = {
  id: string;
  name: string;
  /** The picture: an avatar, or a group's mosaic. */
  avatar: ReactNode;
  preview: string;
  /** Before the preview, in the accent colour: "[草稿]" while a draft waits. */
  previewPrefix?: string;
  time: string;
  unread: number;
  /** Marked unread by hand: a dot without a number (when nothing is unread). */
  markedUnread: boolean;
  /** Read out for the badge or the dot ("3 条未读"). */
  unreadLabel: string;
  muted: boolean;
  mutedLabel: string;
  pinned: boolean;
  pinnedLabel: string;
  selected: boolean;
  onClick: () => void;
  /** The row's right-click menu (Shift+F10 or the menu key from the keyboard): its name and items. */
  menuLabel: string;
  menuItems: MenuItems;
};

/** One chat in the conversation list: avatar, name, last line, time, unread badge and marks. */
export function ConversationRow(props: Props) {
  const { name, preview, time, unread, markedUnread, muted, pinned, selected } = props;
  const classes = [
    'conv-row',
    selected && 'conv-row--selected',
    pinned && 'conv-row--pinned',
    muted && 'conv-row--muted',
  ].filter(Boolean);
  const badgeClass = muted ? 'conv-row__badge conv-row__badge--muted' : 'conv-row__badge';
  const showDot = unread === 0 && markedUnread;
  return (
    <ContextMenu label={props.menuLabel} items={props.menuItems}>
      <button
        type="button"
        className={classes.join(' ')}
        aria-current={selected || undefined}
        aria-haspopup="menu"
        onClick={props.onClick}
        data-conversation-id={props.id}
        data-name={name}
      >
        <span className="conv-row__avatar">
          {props.avatar}
          {showDot ? (
            <>
              <span className={`conv-row__dot${muted ? ' conv-row__dot--muted' : ''}`} aria-hidden="true" />
              <span className="visually-hidden">{props.unreadLabel}</span>
            </>
          ) : (
            <Badge count={unread} label={props.unreadLabel} className={badgeClass} />
          )}
        </span>
        <span className="conv-row__text">
          <span className="conv-row__top">
            <span className="conv-row__name truncate">{name}</span>
            <span className="conv-row__time">{time}</span>
          </span>
          <span className="conv-row__bottom">
            <span className="conv-row__preview truncate">
              {props.previewPrefix && <span className="conv-row__prefix">{props.previewPrefix} </span>}
              {preview}
            </span>
            {pinned && <span className="visually-hidden">{props.pinnedLabel}</span>}
            {muted && (
              <BellOff size={13} className="conv-row__mark" aria-label={props.mutedLabel} role="img" />
            )}
          </span>
        </span>
      </button>
    </ContextMenu>
  );
}
