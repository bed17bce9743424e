import type { TimelineItem } from '@liao/client';
import type { Message } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { buildChatLines, DIVIDER_GAP_MS } from './chatModel';

const ME = '01964f5e-8b1c-7a2b-9c3d-000000000001';
const PEER = '01964f5e-8b1c-7a2b-9c3d-000000000002';
const CONV = '01964f5e-8b1c-7a2b-9c3d-0000000000cc';

function text(seq: number, senderId: string, at: number): TimelineItem {
  const message: Message = {
    id: `01964f5e-8b1c-7a2b-9c3d-${seq.toString(16).padStart(12, '0')}`,
    conversationId: CONV,
    seq,
    pos: seq,
    senderId,
    clientId: null,
    content: { kind: 'text', text: `m${seq}` },
    createdAt: at,
  };
  return { kind: 'message', key: message.id, message };
}

describe('buildChatLines', () => {
  it('groups runs by sender and puts a time divider after a five-minute gap', () => {
    const lines = buildChatLines(
      [text(1, PEER, 0), text(2, PEER, 1000), text(3, ME, 2000), text(4, ME, 2000 + DIVIDER_GAP_MS + 1)],
      ME,
      { kind: 'direct', peerReadSeq: 0 },
    );
    expect(lines.map((l) => (l.type === 'message' ? `${l.text}${l.groupStart ? '*' : ''}` : l.type))).toEqual(
      ['divider', 'm1*', 'm2', 'm3*', 'divider', 'm4*'],
    );
  });

  it('shows read under my last message once the peer read up to it, sent before', () => {
    const items = [text(1, ME, 0), text(2, ME, 10)];
    const receipts = (peerReadSeq: number) =>
      buildChatLines(items, ME, { kind: 'direct', peerReadSeq }).map((l) =>
        l.type === 'message' ? l.receipt : '-',
      );
    expect(receipts(1)).toEqual(['-', null, 'unread']);
    expect(receipts(2)).toEqual(['-', null, 'read']);
    expect(
      buildChatLines(items, ME, { kind: 'group', peerReadSeq: null }).some(
        (l) => l.type === 'message' && l.receipt,
      ),
    ).toBe(false);
  });
});
