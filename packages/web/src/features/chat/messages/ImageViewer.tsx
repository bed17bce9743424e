import { ChevronLeft, ChevronRight, Download, ImageOff, Minus, Plus, X } from 'lucide-react';
import {
  type KeyboardEvent,
  type PointerEvent,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type WheelEvent,
} from 'react';
import type { ChatImage } from '../chatModel';
import './ImageViewer.css';

export type ImageViewerLabels = {
  title: string;
  close: string;
  zoomIn: string;
  zoomOut: string;
  save: string;
  previous: string;
  next: string;
  failed: string;
  /** "3 / 12". */
  position: (index: number, total: number) => string;
};

type Props = {
  images: readonly ChatImage[];
  index: number;
  labels: ImageViewerLabels;
  onIndex: (index: number) => void;
  onClose: () => void;
};

const MAX_SCALE = 8;
/** Each wheel notch or button press zooms by this factor. */
const ZOOM_STEP = 1.25;
/** Room left around a fitted picture for the buttons. */
const FIT_MARGIN_PX = 64;

type View = { scale: number; x: number; y: number };

/** The scale at which the whole picture fits the window (never enlarged past its true size). */
function fitScale(image: ChatImage, width: number, height: number): number {
  return Math.min(1, (width - FIT_MARGIN_PX * 2) / image.width, (height - FIT_MARGIN_PX * 2) / image.height);
}

/**
 * A chat's pictures over the whole window: fitted at first; wheel, buttons or a double click
 * zoom (double click toggles fitted and true size), drag pans a zoomed picture; arrows and the
 * side buttons step through the chat's pictures; Esc or a click beside the picture closes.
 */
export function ImageViewer({ images, index, labels, onIndex, onClose }: Props) {
  const image = images[index];
  const dialog = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: window.innerWidth, height: window.innerHeight });
  const [view, setView] = useState<View | null>(null);
  const [failed, setFailed] = useState(false);
  const drag = useRef<{ pointerId: number; x: number; y: number; moved: boolean } | null>(null);

  const fit = image ? fitScale(image, size.width, size.height) : 1;
  const current: View = view ?? { scale: fit, x: 0, y: 0 };
  const hasPrevious = index > 0;
  const hasNext = index < images.length - 1;

  // Each picture opens fitted.
  // biome-ignore lint/correctness/useExhaustiveDependencies: resets when the picture changes
  useLayoutEffect(() => {
    setView(null);
    setFailed(false);
  }, [image?.key]);

  useEffect(() => {
    const onResize = () => setSize({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  // Focus moves into the viewer and back to where it was (the picture's bubble) on closing.
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus();
    return () => before?.focus();
  }, []);

  if (!image) return null;

  const zoomTo = (scale: number, around?: { x: number; y: number }) => {
    const next = Math.min(MAX_SCALE, Math.max(Math.min(fit, 1) / 4, scale));
    if (next <= fit) {
      setView(next === fit ? null : { scale: next, x: 0, y: 0 });
      return;
    }
    // Keep the point under the cursor where it is (positions relative to the window's centre).
    const ax = around ? around.x - size.width / 2 : 0;
    const ay = around ? around.y - size.height / 2 : 0;
    const ratio = next / current.scale;
    setView({ scale: next, x: ax - (ax - current.x) * ratio, y: ay - (ay - current.y) * ratio });
  };

  const onWheel = (e: WheelEvent) => {
    zoomTo(current.scale * ZOOM_STEP ** (-e.deltaY / 100), { x: e.clientX, y: e.clientY });
  };

  const onPointerDown = (e: PointerEvent) => {
    if (current.scale <= fit || e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { pointerId: e.pointerId, x: e.clientX, y: e.clientY, moved: false };
  };
  const onPointerMove = (e: PointerEvent) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    d.x = e.clientX;
    d.y = e.clientY;
    d.moved = true;
    setView({ ...current, x: current.x + dx, y: current.y + dy });
  };
  const onPointerUp = () => {
    drag.current = null;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onClose();
    else if (e.key === 'ArrowLeft' && hasPrevious) onIndex(index - 1);
    else if (e.key === 'ArrowRight' && hasNext) onIndex(index + 1);
    else if (e.key === '+' || e.key === '=') zoomTo(current.scale * ZOOM_STEP);
    else if (e.key === '-') zoomTo(current.scale / ZOOM_STEP);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const zoomed = current.scale > fit;
  return (
    <div
      className="viewer"
      role="dialog"
      aria-modal="true"
      aria-label={labels.title}
      tabIndex={-1}
      ref={dialog}
      onKeyDown={onKeyDown}
      onWheel={onWheel}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="viewer__stage">
        {failed ? (
          <div className="viewer__failed">
            <ImageOff size={32} aria-hidden="true" />
            <span>{labels.failed}</span>
          </div>
        ) : (
          <img
            className={`viewer__img${zoomed ? ' viewer__img--zoomed' : ''}`}
            src={image.fullUrl}
            alt={labels.position(index + 1, images.length)}
            width={image.width}
            height={image.height}
            draggable={false}
            style={{ transform: `translate(${current.x}px, ${current.y}px) scale(${current.scale})` }}
            onError={() => setFailed(true)}
            onDoubleClick={(e) => (zoomed ? setView(null) : zoomTo(1, { x: e.clientX, y: e.clientY }))}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={onPointerUp}
          />
        )}
      </div>
      <button
        type="button"
        className="viewer__btn viewer__close"
        aria-label={labels.close}
        title={labels.close}
        onClick={onClose}
      >
        <X size={22} aria-hidden="true" />
      </button>
      {hasPrevious && (
        <button
          type="button"
          className="viewer__btn viewer__side viewer__side--previous"
          aria-label={labels.previous}
          title={labels.previous}
          onClick={() => onIndex(index - 1)}
        >
          <ChevronLeft size={28} aria-hidden="true" />
        </button>
      )}
      {hasNext && (
        <button
          type="button"
          className="viewer__btn viewer__side viewer__side--next"
          aria-label={labels.next}
          title={labels.next}
          onClick={() => onIndex(index + 1)}
        >
          <ChevronRight size={28} aria-hidden="true" />
        </button>
      )}
      <div className="viewer__bar">
        <button
          type="button"
          className="viewer__btn"
          aria-label={labels.zoomOut}
          title={labels.zoomOut}
          onClick={() => zoomTo(current.scale / ZOOM_STEP)}
        >
          <Minus size={18} aria-hidden="true" />
        </button>
        <span className="viewer__scale" aria-live="polite">
          {Math.round(current.scale * 100)}%
        </span>
        <button
          type="button"
          className="viewer__btn"
          aria-label={labels.zoomIn}
          title={labels.zoomIn}
          onClick={() => zoomTo(current.scale * ZOOM_STEP)}
        >
          <Plus size={18} aria-hidden="true" />
        </button>
        <span className="viewer__position">{labels.position(index + 1, images.length)}</span>
        <a className="viewer__btn" href={image.fullUrl} download aria-label={labels.save} title={labels.save}>
          <Download size={18} aria-hidden="true" />
        </a>
      </div>
    </div>
  );
}
