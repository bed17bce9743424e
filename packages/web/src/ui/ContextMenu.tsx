import { type KeyboardEvent, type ReactNode, useEffect, useLayoutEffect, useRef } from 'react';
import './ContextMenu.css';

export interface MenuItem {
  id: string;
  label: string;
  icon?: ReactNode;
  danger?: boolean;
  onSelect: () => void;
}

type Props = {
  /** Names the menu for screen readers ("聊天操作"). */
  label: string;
  items: readonly MenuItem[];
  /** Where it opens (viewport pixels); it moves inward when that would spill off screen. */
  at: { x: number; y: number };
  onClose: () => void;
};

/** Keep this far from the window's edges. */
const EDGE = 8;

/**
 * A small menu at a point, as desktop apps show on right-click: focus moves into it, arrows
 * move between items, Enter picks, Esc / Tab / a click elsewhere / scrolling close it.
 */
export function ContextMenu({ label, items, at, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  // Keyboard users go back to where they were; a click elsewhere leaves focus where it landed.
  const opener = useRef<HTMLElement | null>(null);
  function closeAndReturn() {
    opener.current?.focus({ preventScroll: true });
    onClose();
  }

  useLayoutEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    const { width, height } = menu.getBoundingClientRect();
    const left = Math.max(EDGE, Math.min(at.x, window.innerWidth - width - EDGE));
    const top = Math.max(EDGE, Math.min(at.y, window.innerHeight - height - EDGE));
    // Placed before the first paint, and visible, so that focus can move in at once.
    menu.style.left = `${left}px`;
    menu.style.top = `${top}px`;
    if (!opener.current && document.activeElement instanceof HTMLElement)
      opener.current = document.activeElement;
    menu.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
  }, [at.x, at.y]);

  useEffect(() => {
    const closeOutside = (event: Event) => {
      if (!ref.current?.contains(event.target as Node)) closeRef.current();
    };
    const close = () => closeRef.current();
    document.addEventListener('pointerdown', closeOutside, true);
    document.addEventListener('contextmenu', closeOutside, true);
    window.addEventListener('resize', close);
    window.addEventListener('blur', close);
    document.addEventListener('scroll', close, true);
    return () => {
      document.removeEventListener('pointerdown', closeOutside, true);
      document.removeEventListener('contextmenu', closeOutside, true);
      window.removeEventListener('resize', close);
      window.removeEventListener('blur', close);
      document.removeEventListener('scroll', close, true);
    };
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const focusAt = (i: number) => buttons[(i + buttons.length) % buttons.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focusAt(index + 1);
        break;
      case 'ArrowUp':
        focusAt(index - 1);
        break;
      case 'Home':
        focusAt(0);
        break;
      case 'End':
        focusAt(buttons.length - 1);
        break;
      case 'Escape':
      case 'Tab':
        closeAndReturn();
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <div
      ref={ref}
      className="menu"
      role="menu"
      aria-label={label}
      style={{ left: at.x, top: at.y }}
      onKeyDown={onKeyDown}
    >
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="menuitem"
          className={`menu__item${item.danger ? ' menu__item--danger' : ''}`}
          onClick={() => {
            closeAndReturn();
            item.onSelect();
          }}
        >
          {item.icon && <span className="menu__icon">{item.icon}</span>}
          {item.label}
        </button>
      ))}
    </div>
  );
}
