import { Minus, Plus } from 'lucide-react';
import { Avatar } from '../../ui/Avatar';
import './MemberGrid.css';

export interface GridMember {
  id: string;
  name: string;
  /** The person's own name for the default avatar. */
  avatarName: string;
  avatarUrl: string | null;
  /** 群主 / 管理员, when the member has that role. */
  badge?: string;
  /** Offered for removal while removing (the rules decide; the grid only shows). */
  removable?: boolean;
  /** Clicking opens something about them (a friend's profile). */
  openable?: boolean;
}

type Props = {
  members: readonly GridMember[];
  onOpen?: (id: string) => void;
  /** The "+" tile; left out when not given. */
  add?: { label: string; onClick: () => void };
  /** The "−" tile, which switches to removing; left out when not given. */
  remove?: { label: string; active: boolean; onToggle: () => void };
  /** While removing: a member's button label ("Remove Bob"), and what it does. */
  removeMemberLabel: (name: string) => string;
  onRemove: (id: string) => void;
};

/** A group's members as avatar tiles with names, with "+" to invite and "−" to remove, as in WeChat. */
export function MemberGrid({ members, onOpen, add, remove, removeMemberLabel, onRemove }: Props) {
  const removing = remove?.active ?? false;
  return (
    <ul className={`member-grid${removing ? ' member-grid--removing' : ''}`}>
      {members.map((member) => {
        const face = (
          <>
            <span className="member-grid__pic">
              <Avatar name={member.avatarName} src={member.avatarUrl} size={44} />
              {member.badge && <span className="member-grid__badge">{member.badge}</span>}
              {removing && member.removable && (
                <span className="member-grid__minus" aria-hidden="true">
                  <Minus size={12} strokeWidth={3} />
                </span>
              )}
            </span>
            <span className="member-grid__name">{member.name}</span>
          </>
        );
        let tile = <div className="member-grid__tile">{face}</div>;
        if (removing && member.removable) {
          tile = (
            <button
              type="button"
              className="member-grid__tile member-grid__tile--action"
              aria-label={removeMemberLabel(member.name)}
              title={removeMemberLabel(member.name)}
              onClick={() => onRemove(member.id)}
            >
              {face}
            </button>
          );
        } else if (!removing && member.openable && onOpen) {
          tile = (
            <button
              type="button"
              className="member-grid__tile member-grid__tile--action"
              onClick={() => onOpen(member.id)}
            >
              {face}
            </button>
          );
        }
        return <li key={member.id}>{tile}</li>;
      })}
      {add && !removing && (
        <li>
          <button
            type="button"
            className="member-grid__tile member-grid__tile--action"
            aria-label={add.label}
            title={add.label}
            onClick={add.onClick}
          >
            <span className="member-grid__op" aria-hidden="true">
              <Plus size={20} />
            </span>
            <span className="member-grid__name member-grid__name--op" aria-hidden="true">
              {add.label}
            </span>
          </button>
        </li>
      )}
      {remove && (
        <li>
          <button
            type="button"
            className={`member-grid__tile member-grid__tile--action${removing ? ' member-grid__tile--on' : ''}`}
            aria-label={remove.label}
            aria-pressed={removing}
            title={remove.label}
            onClick={remove.onToggle}
          >
            <span className="member-grid__op" aria-hidden="true">
              <Minus size={20} />
            </span>
            <span className="member-grid__name member-grid__name--op" aria-hidden="true">
              {remove.label}
            </span>
          </button>
        </li>
      )}
    </ul>
  );
}
