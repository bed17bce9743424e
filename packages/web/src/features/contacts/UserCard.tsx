import type { ReactNode } from 'react';
import { Avatar } from '../../ui/Avatar';
import './UserCard.css';

type Props = {
  displayName: string;
  username: string;
  signature: string;
  avatarUrl: string | null;
  /** What the user can do with this person (send a request, open the profile). */
  children?: ReactNode;
};

/** A person found by search: avatar, name, @username, signature, then the actions. */
export function UserCard({ displayName, username, signature, avatarUrl, children }: Props) {
  return (
    <article className="user-card" aria-label={displayName}>
      <div className="user-card__head">
        <Avatar name={displayName} src={avatarUrl} size={56} />
        <div className="user-card__text">
          <h2 className="user-card__name truncate">{displayName}</h2>
          <p className="user-card__username truncate">@{username}</p>
          {signature && <p className="user-card__signature">{signature}</p>}
        </div>
      </div>
      {children && <div className="user-card__body">{children}</div>}
    </article>
  );
}
