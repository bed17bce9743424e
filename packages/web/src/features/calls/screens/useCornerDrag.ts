import { type PointerEvent, useRef, useState } from 'react';

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

/**
 * The own picture in a call can be dragged and lands in the nearest corner of its frame, out
 * of the way of the face it covered, as FaceTime and WeChat let one do.
 */
export function useCornerDrag(initial: Corner = 'top-right') {
  const [corner, setCorner] = useState<Corner>(initial);
  const [offset, setOffset] = useState<{ x: number; y: number } | null>(null);
  const start = useRef<{ x: number; y: number } | null>(null);

  const onPointerDown = (event: PointerEvent<HTMLElement>) => {
    start.current = { x: event.clientX, y: event.clientY };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLElement>) => {
    if (!start.current) return;
    setOffset({ x: event.clientX - start.current.x, y: event.clientY - start.current.y });
  };
  const onPointerUp = (event: PointerEvent<HTMLElement>) => {
    if (!start.current) return;
    start.current = null;
    setOffset(null);
    const frame = event.currentTarget.parentElement?.getBoundingClientRect();
    if (!frame) return;
    const left = event.clientX < frame.left + frame.width / 2;
    const top = event.clientY < frame.top + frame.height / 2;
    setCorner(`${top ? 'top' : 'bottom'}-${left ? 'left' : 'right'}`);
  };
  return {
    corner,
    style: offset ? { transform: `translate(${offset.x}px, ${offset.y}px)` } : undefined,
    dragging: offset !== null,
    handlers: { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp },
  };
}
