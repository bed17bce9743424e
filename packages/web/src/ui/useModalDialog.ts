import { useEffect, useRef } from 'react';

/**
 * Opens the browser's modal <dialog> (top layer, focus kept inside, Esc as a cancel event)
 * while `open`, and closes it when not; the ref goes on the <dialog>. Dialogs mounted only
 * while shown pass true.
 */
export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return ref;
}
