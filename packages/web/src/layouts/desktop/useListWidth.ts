import { type PointerEvent, useState } from 'react';

// The list column can be dragged between these widths (UI.md: about 280–320 by default).
const MIN = 240;
const MAX = 420;
const DEFAULT = 300;
const KEY = 'liao.listWidth';

function saved(): number {
  try {
    const value = Number(localStorage.getItem(KEY));
    return value >= MIN && value <= MAX ? value : DEFAULT;
  } catch {
    return DEFAULT;
  }
}

/** The list column's width and the props of its drag handle (pointer and arrow keys). */
export function useListWidth(label: string) {
  const [width, setWidth] = useState(saved);

  function commit(next: number) {
    const clamped = Math.min(MAX, Math.max(MIN, Math.round(next)));
    setWidth(clamped);
    try {
      localStorage.setItem(KEY, String(clamped));
    } catch {
      // Not saved: the width lasts for this visit.
    }
  }

  const handleProps = {
    role: 'separator' as const,
    'aria-label': label,
    'aria-orientation': 'vertical' as const,
    'aria-valuenow': width,
    'aria-valuemin': MIN,
    'aria-valuemax': MAX,
    tabIndex: 0,
    onPointerDown(event: PointerEvent<HTMLDivElement>) {
      const startX = event.clientX;
      const startWidth = width;
      const target = event.currentTarget;
      target.setPointerCapture(event.pointerId);
      const move = (e: globalThis.PointerEvent) => commit(startWidth + e.clientX - startX);
      const up = () => {
        target.removeEventListener('pointermove', move);
        target.removeEventListener('pointerup', up);
      };
      target.addEventListener('pointermove', move);
      target.addEventListener('pointerup', up);
    },
    onKeyDown(event: React.KeyboardEvent<HTMLDivElement>) {
      if (event.key === 'ArrowLeft') commit(width - 16);
      if (event.key === 'ArrowRight') commit(width + 16);
    },
  };
  return { width, handleProps };
}
