import { ImageUp } from 'lucide-react';
import { type DragEvent, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import './DropZone.css';

type Props = {
  /** The element files may be dropped on (the chat pane); the overlay covers it. */
  target: HTMLElement | null;
  label: string;
  onFiles: (files: File[]) => void;
};

type Box = { top: number; left: number; width: number; height: number };

function carriesFiles(e: { dataTransfer: DataTransfer | null }): boolean {
  return e.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * "Drop to send" over the target while files are dragged onto it. Once shown, the overlay
 * itself takes the drag (it lies above the target), so it alone decides when the drag left.
 */
export function DropZone({ target, label, onFiles }: Props) {
  const [box, setBox] = useState<Box | null>(null);

  useEffect(() => {
    if (!target) return;
    const onDragEnter = (e: globalThis.DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      const { top, left, width, height } = target.getBoundingClientRect();
      setBox({ top, left, width, height });
    };
    const hide = () => setBox(null);
    // Files dropped beside the chat would make the browser open them in place of the app.
    const refuseElsewhere = (e: globalThis.DragEvent) => {
      if (!carriesFiles(e) || e.defaultPrevented) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'none';
    };
    const dropElsewhere = (e: globalThis.DragEvent) => {
      if (carriesFiles(e)) e.preventDefault();
      hide();
    };
    target.addEventListener('dragenter', onDragEnter);
    target.addEventListener('dragover', onDragEnter);
    window.addEventListener('dragover', refuseElsewhere);
    // A drag that ends anywhere (Esc, dropped elsewhere) takes the overlay with it.
    window.addEventListener('dragend', hide);
    window.addEventListener('drop', dropElsewhere);
    return () => {
      target.removeEventListener('dragenter', onDragEnter);
      target.removeEventListener('dragover', onDragEnter);
      window.removeEventListener('dragover', refuseElsewhere);
      window.removeEventListener('dragend', hide);
      window.removeEventListener('drop', dropElsewhere);
    };
  }, [target]);

  if (!box) return null;

  function onDragOver(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }
  function onDragLeave(e: DragEvent<HTMLDivElement>) {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setBox(null);
  }
  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setBox(null);
    const files = [...e.dataTransfer.files];
    if (files.length > 0) onFiles(files);
  }

  return createPortal(
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target only; the image button is the keyboard's way in
    <div
      className="drop-zone"
      style={{ top: box.top, left: box.left, width: box.width, height: box.height }}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <div className="drop-zone__frame">
        <ImageUp size={40} strokeWidth={1.5} aria-hidden="true" />
        <span>{label}</span>
      </div>
    </div>,
    document.body,
  );
}
