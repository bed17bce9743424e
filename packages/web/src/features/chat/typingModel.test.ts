import { type ServerEvent, TYPING_SHOWN_MS } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { makeTextMessage } from '../../app/state/testBuilders';
import { typingAfter } from './typingModel';

const typing = (conversationId: string, userId: string, stopped?: boolean): ServerEvent => ({
  type: 'typing',
  conversationId,
  userId,
  ...(stopped ? { stopped } : {}),
});

describe('typingAfter', () => {
  it('puts a line up for TYPING_SHOWN_MS, and a repeat keeps it up from then', () => {
    const first = typingAfter({}, typing('c1', 'bob'), 1000);
    expect(first).toEqual({ c1: { userId: 'bob', until: 1000 + TYPING_SHOWN_MS } });
    const again = typingAfter(first, typing('c1', 'bob'), 4000);
    expect(again.c1?.until).toBe(4000 + TYPING_SHOWN_MS);
  });

  it('takes it down when told the typing stopped, and when the typist’s message arrives', () => {
    const up = typingAfter({}, typing('c1', 'bob'), 0);
    expect(typingAfter(up, typing('c1', 'bob', true), 10)).toEqual({});
    const message: ServerEvent = {
      type: 'message.new',
      message: makeTextMessage({ conversationId: 'c1', senderId: 'bob', seq: 5 }),
    };
    expect(typingAfter(up, message, 10)).toEqual({});
  });

  it('leaves the same object for anything else, so nothing re-renders', () => {
    const up = typingAfter({}, typing('c1', 'bob'), 0);
    const mine: ServerEvent = {
      type: 'message.new',
      message: makeTextMessage({ conversationId: 'c1', senderId: 'me', seq: 6 }),
    };
    expect(typingAfter(up, mine, 10)).toBe(up);
    expect(typingAfter(up, typing('c2', 'carol', true), 10)).toBe(up);
    expect(typingAfter(up, { type: 'devices.changed' }, 10)).toBe(up);
  });
});
