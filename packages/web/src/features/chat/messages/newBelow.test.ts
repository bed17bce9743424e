import { describe, expect, it } from 'vitest';
import type { ChatLine } from '../chatModel';
import { countNewBelow, newestVisibleIndex } from './newBelow';

function message(key: string, own = false): ChatLine {
  return {
    type: 'message',
    key,
    own,
    senderId: own ? 'me' : 'bob',
    body: { kind: 'text', text: key },
    seq: null,
    quote: null,
    at: 0,
    state: 'sent',
    clientId: null,
    upload: null,
    groupStart: false,
    receipt: null,
  };
}

describe('the new-messages count', () => {
  const lines: ChatLine[] = [
    message('a'),
    { type: 'unread', key: 'unread' },
    message('b'),
    { type: 'system', key: 's', event: { type: 'friends.started' }, actorId: null },
    message('c', true),
    message('d'),
  ];

  it("counts other people's messages below the newest line seen, never own ones or system lines", () => {
    expect(countNewBelow(lines, 'unread')).toBe(2);
    expect(countNewBelow(lines, 'b')).toBe(1);
    expect(countNewBelow(lines, 'd')).toBe(0);
  });

  it('claims nothing before the list is placed or when the seen line is gone', () => {
    expect(countNewBelow(lines, null)).toBe(0);
    expect(countNewBelow(lines, 'upload-1')).toBe(0);
  });

  it('sees a row once a little of it shows above the bottom edge', () => {
    const rows = [
      { index: 4, start: 100, size: 40 },
      { index: 5, start: 140, size: 40 },
      { index: 6, start: 180, size: 40 },
    ];
    expect(newestVisibleIndex(rows, 159)).toBe(4);
    expect(newestVisibleIndex(rows, 160)).toBe(5);
    expect(newestVisibleIndex(rows, 99)).toBe(-1);
  });
});
