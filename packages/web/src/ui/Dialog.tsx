import * as Radix from '@radix-ui/react-dialog';
import type { ClipboardEvent, DragEvent, ReactNode } from 'react';
import { useRef } from 'react';
import { useOverlayContainer } from './OverlayHost';

/** The dialog's title (an h2): it names the dialog for screen readers. */
export const DialogTitle = Radix.Title;
/** The line that says what the dialog asks (a paragraph): read out after its name. */
export const DialogDescription = Radix.Description;

type Props = {
  /** Shown while true; dialogs mounted only while shown leave it out. */
  open?: boolean;
  /** Esc (or, with `closeOnOutsideClick`, a click beside it); its own buttons call it too. */
  onClose: () => void;
  /** While true Esc does nothing: something it started is still running. */
  busy?: boolean;
  /** The card's own class (its size; `.modal` gives the rest). */
  className: string;
  /** The dimmed page behind it: `modal-overlay` unless the dialog draws its own. */
  overlayClassName?: string;
  /** Its name when it shows no <DialogTitle> (read out, not shown). */
  label?: string;
  /** It holds a <DialogDescription>, read out after its name. */
  described?: boolean;
  /** A click beside it closes it (the quick switcher); forms keep what was typed instead. */
  closeOnOutsideClick?: boolean;
  /** Where focus starts (given the card itself); the first field or button by default. */
  initialFocus?: (card: HTMLElement) => HTMLElement | null | undefined;
  onPaste?: (event: ClipboardEvent<HTMLDivElement>) => void;
  onDragOver?: (event: DragEvent<HTMLDivElement>) => void;
  onDrop?: (event: DragEvent<HTMLDivElement>) => void;
  children: ReactNode;
};

/**
 * A modal dialog (Radix's Dialog) over a dimmed page: focus stays inside while it is open, Esc
 * closes it, the rest of the page is hidden from screen readers and does not scroll, and focus
 * goes back to where it was when it closes.
 */
export function Dialog({
  open = true,
  onClose,
  busy = false,
  className,
  overlayClassName = 'modal-overlay',
  label,
  described = false,
  closeOnOutsideClick = false,
  initialFocus,
  onPaste,
  onDragOver,
  onDrop,
  children,
}: Props) {
  const container = useOverlayContainer();
  // Radix gives focus back to a Dialog.Trigger; these dialogs are opened by the app's state
  // (a menu item, a shortcut, a route), so the element that had focus is remembered here.
  // Read as it opens, before anything inside (an autoFocus button) takes the focus.
  const opener = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  if (open && !wasOpen.current) opener.current = focusedElement();
  wasOpen.current = open;
  return (
    <Radix.Root open={open} onOpenChange={(next) => !next && onClose()}>
      <Radix.Portal container={container}>
        {/* Not Radix's Overlay: its scroll lock adds a <style> the app's CSP refuses, and the
            page under it does not scroll anyway. The page stays inert while this is open. */}
        <div className={overlayClassName}>
          <Radix.Content
            className={`modal ${className}`}
            {...(described ? {} : { 'aria-describedby': undefined })}
            onOpenAutoFocus={(event) => {
              const first = initialFocus?.(event.currentTarget as HTMLElement);
              if (first) {
                event.preventDefault();
                first.focus({ preventScroll: true });
              }
            }}
            onCloseAutoFocus={(event) => {
              event.preventDefault();
              const back = opener.current;
              opener.current = null;
              if (back?.isConnected) back.focus({ preventScroll: true });
            }}
            onEscapeKeyDown={(event) => {
              if (busy) event.preventDefault();
            }}
            onPointerDownOutside={(event) => {
              if (busy || !closeOnOutsideClick) event.preventDefault();
            }}
            onPaste={onPaste}
            onDragOver={onDragOver}
            onDrop={onDrop}
          >
            {label && <Radix.Title className="visually-hidden">{label}</Radix.Title>}
            {children}
          </Radix.Content>
        </div>
      </Radix.Portal>
    </Radix.Root>
  );
}

function focusedElement(): HTMLElement | null {
  const active = typeof document === 'undefined' ? null : document.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : null;
}
