import type { TimelineItem } from '@liao/client';
import type { Message } from '@liao/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../../app/i18n/index';
import { buildChatLines } from './chatModel';

const ME = '01964f5e-8b1c-7a2b-9c3d-000000000001';
const PEER = '01964f5e-8b1c-7a2b-9c3d-000000000002';
const CONV = '01964f5e-8b1c-7a2b-9c3d-0000000000cc';

function said(seq: number, senderId: string): TimelineItem {
  const message: Message = {
    id: `01964f5e-8b1c-7a2b-9c3d-${seq.toString(16).padStart(12, '0')}`,
    conversationId: CONV,
    seq,
    pos: seq,
    senderId,
    clientId: null,
    content: { kind: 'text', text: `m${seq}` },
    createdAt: seq * 1000,
  };
  return { kind: 'message', key: message.id, message };
}

describe('read receipts in words', () => {
  let i18n: ReturnType<typeof initI18n>;
  beforeAll(() => {
    i18n = initI18n('zh-CN');
  });

  /** The word under my last message in each language, the friend having read up to `peerReadSeq`. */
  function receiptWords(peerReadSeq: number): Record<'zh-CN' | 'en', string> {
    const lines = buildChatLines([said(1, PEER), said(2, ME)], ME, { kind: 'direct', peerReadSeq });
    const receipt = lines.find((l) => l.type === 'message' && l.receipt !== null);
    if (receipt?.type !== 'message' || receipt.receipt === null) throw new Error('no receipt drawn');
    const key = receipt.receipt === 'read' ? 'messages.read' : 'messages.unread';
    return { 'zh-CN': i18n.getFixedT('zh-CN')(key), en: i18n.getFixedT('en')(key) };
  }

  it('[#9] says the same in both languages: Unread / 未读 until the friend reads it, then Read / 已读', () => {
    expect(receiptWords(1)).toEqual({ 'zh-CN': '未读', en: 'Unread' });
    expect(receiptWords(2)).toEqual({ 'zh-CN': '已读', en: 'Read' });
  });
});
