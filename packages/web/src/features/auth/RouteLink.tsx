import type { ReactNode } from 'react';
import { formatPath, type Route } from '../../app/state/routes';
import { useAppStore } from '../../app/state/store';

type Props = { to: Route; className?: string; children: ReactNode };

/** A real link (it can be opened in a new tab) that navigates inside the app on a plain click. */
export function RouteLink({ to, className, children }: Props) {
  const navigate = useAppStore((s) => s.navigate);
  const phoneForced = useAppStore((s) => s.phoneForced);
  return (
    <a
      href={formatPath(to, phoneForced)}
      className={className}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
