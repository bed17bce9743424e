import { ChevronLeft } from 'lucide-react';
import type { ReactNode } from 'react';
import './PaneHeader.css';

type Props = {
  title: string;
  /** Shown as a back button (the phone's full-screen panes). */
  onBack?: () => void;
  backLabel?: string;
  actions?: ReactNode;
  /** Keep the title for screen readers only (the page shows it larger below). */
  hideTitle?: boolean;
  /** A passing line under the title ("typing…"), announced politely. */
  status?: string | undefined;
};

/** The bar at the top of a pane or list column: title, optional back button and actions. */
export function PaneHeader({ title, onBack, backLabel, actions, hideTitle = false, status }: Props) {
  return (
    <header className={`pane-header${onBack ? ' pane-header--back' : ''}`}>
      {onBack && (
        <button type="button" className="pane-header__back" onClick={onBack} aria-label={backLabel}>
          <ChevronLeft size={24} aria-hidden="true" />
        </button>
      )}
      <div className="pane-header__titles">
        <h1 className={`pane-header__title truncate${hideTitle ? ' pane-header__title--hidden' : ''}`}>
          {title}
        </h1>
        {/* Always in the page, so that screen readers hear the line come and go. */}
        <p className="pane-header__status truncate" aria-live="polite">
          {status}
        </p>
      </div>
      <div className="pane-header__actions">{actions}</div>
    </header>
  );
}
