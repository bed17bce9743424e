/**
 * Which key sends a message: 'enter' (Enter sends, Shift+Enter or Ctrl/Cmd+Enter start a new
 * line, as in WeChat's default) or 'modEnter' (Ctrl+Enter, Cmd+Enter on a Mac, sends; Enter starts
 * a new line).
 */
export type SendKey = 'enter' | 'modEnter';

export const SEND_KEYS: readonly SendKey[] = ['enter', 'modEnter'];

export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** An input method is composing: Enter then picks a candidate. */
  isComposing: boolean;
  /** 229 while an input method holds the key (Safari reports isComposing false on the last Enter). */
  keyCode: number;
}

/**
 * What a key press in the message box does: 'send', 'newline' (the box must insert it: a
 * text area ignores Ctrl+Enter), or null (the text area's own behaviour, e.g. Shift+Enter).
 */
export function sendKeyAction(press: KeyPress, mode: SendKey): 'send' | 'newline' | null {
  if (press.key !== 'Enter' || press.isComposing || press.keyCode === 229) return null;
  if (press.altKey || press.shiftKey) return null;
  // Ctrl on Windows and Linux, Cmd on a Mac; either is taken, so no platform check is needed.
  const withModifier = press.ctrlKey || press.metaKey;
  if (mode === 'enter') return withModifier ? 'newline' : 'send';
  return withModifier ? 'send' : null;
}

/** The modifier's name as this platform's keyboards print it: ⌘ on a Mac, Ctrl elsewhere. */
export function modifierKeyName(): string {
  const nav = globalThis.navigator;
  return nav && /Mac|iPhone|iPad/.test(nav.platform || nav.userAgent) ? '⌘' : 'Ctrl';
}
