import type { CallRecord } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { initI18n } from '../app/i18n';
import { callDuration, callLineText, callPreview } from './callLine';

const t = initI18n('zh-CN').getFixedT('zh-CN');
const record = (over: Partial<CallRecord>): CallRecord => ({
  callId: 'c',
  media: 'voice',
  topology: 'p2p',
  outcome: 'ended',
  durationMs: 0,
  ...over,
});

describe("a call's line", () => {
  it('says how long a conversation lasted, as a phone shows it', () => {
    expect(callDuration(65_000)).toBe('01:05');
    expect(callDuration(3_723_000)).toBe('1:02:03');
    expect(callLineText(record({ durationMs: 65_400 }), true, t)).toBe('通话时长 01:05');
  });

  it('words an unanswered call from where the reader stands', () => {
    const words = (outcome: CallRecord['outcome']) => [
      callLineText(record({ outcome }), true, t),
      callLineText(record({ outcome }), false, t),
    ];
    expect(words('missed')).toEqual(['对方无应答', '未接听']);
    expect(words('declined')).toEqual(['对方已拒绝', '已拒绝']);
    expect(words('cancelled')).toEqual(['已取消', '对方已取消']);
    expect(words('busy')).toEqual(['对方忙线中', '忙线未接听']);
  });

  it('says a group call for everyone alike, and names the kind in the chat list', () => {
    expect(callLineText(record({ topology: 'sfu', durationMs: 600_000 }), false, t)).toBe(
      '群通话已结束，时长 10:00',
    );
    expect(callLineText(record({ topology: 'sfu', outcome: 'missed' }), true, t)).toBe('群通话无人接听');
    expect(callPreview(record({ media: 'video', outcome: 'missed' }), false, t)).toBe('[视频通话] 未接听');
  });
});
