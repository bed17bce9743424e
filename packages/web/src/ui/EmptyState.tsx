import type { ReactNode } from 'react';
import './EmptyState.css';

type Props = {
  icon?: ReactNode;
  title: string;
  body?: string;
  /** One button that says what to do next. */
  action?: ReactNode;
};

export function EmptyState({ icon, title, body, action }: Props) {
  return (
    <div className="empty">
      {icon && <div className="empty__icon">{icon}</div>}
      <p className="empty__title">{title}</p>
      {body && <p className="empty__body">{body}</p>}
      {action && <div className="empty__action">{action}</div>}
    </div>
  );
}
