import { describe, expect, it } from 'vitest';
import { type KeyPress, sendKeyAction } from './sendKey';

function press(fields: Partial<KeyPress> = {}): KeyPress {
  return {
    key: 'Enter',
    shiftKey: false,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    isComposing: false,
    keyCode: 13,
    ...fields,
  };
}

describe('send key', () => {
  it('Enter mode: Enter sends, Shift+Enter is the box’s own new line, Ctrl or Cmd+Enter inserts one', () => {
    expect(sendKeyAction(press(), 'enter')).toBe('send');
    expect(sendKeyAction(press({ shiftKey: true }), 'enter')).toBeNull();
    expect(sendKeyAction(press({ ctrlKey: true }), 'enter')).toBe('newline');
    expect(sendKeyAction(press({ metaKey: true }), 'enter')).toBe('newline');
  });

  it('Ctrl+Enter mode: Ctrl or Cmd+Enter sends, Enter is a new line', () => {
    expect(sendKeyAction(press(), 'modEnter')).toBeNull();
    expect(sendKeyAction(press({ ctrlKey: true }), 'modEnter')).toBe('send');
    expect(sendKeyAction(press({ metaKey: true }), 'modEnter')).toBe('send');
    expect(sendKeyAction(press({ shiftKey: true, ctrlKey: true }), 'modEnter')).toBeNull();
  });

  it('never sends while an input method is composing', () => {
    for (const mode of ['enter', 'modEnter'] as const) {
      expect(sendKeyAction(press({ isComposing: true, ctrlKey: mode === 'modEnter' }), mode)).toBeNull();
      expect(sendKeyAction(press({ keyCode: 229, ctrlKey: mode === 'modEnter' }), mode)).toBeNull();
    }
  });

  it('other keys do nothing', () => {
    expect(sendKeyAction(press({ key: 'a' }), 'enter')).toBeNull();
    expect(sendKeyAction(press({ key: 'Enter', altKey: true }), 'enter')).toBeNull();
  });
});
