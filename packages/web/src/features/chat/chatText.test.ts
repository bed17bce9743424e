import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../../app/i18n';
import { quoteText } from './chatText';

describe('quoteText: a reply quote on one line', () => {
  let i18n: ReturnType<typeof initI18n>;
  beforeAll(() => {
    i18n = initI18n('zh-CN');
  });
  const base = { seq: 1, senderId: null, excerpt: '', caption: null, available: true };

  it('says the text, [图片], [视频] with the caption (else the comment), or that the video is gone', () => {
    const zh = i18n.getFixedT('zh-CN');
    expect(quoteText({ ...base, kind: 'text', excerpt: '明天\n  去爬山吗' }, zh)).toBe('明天 去爬山吗');
    expect(quoteText({ ...base, kind: 'image' }, zh)).toBe('[图片]');
    expect(quoteText({ ...base, kind: 'video', caption: '海边日落', excerpt: '看这个' }, zh)).toBe(
      '[视频] 海边日落',
    );
    expect(quoteText({ ...base, kind: 'video', excerpt: '看这个' }, zh)).toBe('[视频] 看这个');
    expect(quoteText({ ...base, kind: 'video' }, zh)).toBe('[视频]');
    expect(quoteText({ ...base, kind: 'video', available: false }, zh)).toBe('[视频] 该视频已不可用');
    expect(quoteText({ ...base, kind: 'unknown' }, zh)).toBe('[消息]');
  });

  it('in English', () => {
    const en = i18n.getFixedT('en');
    expect(quoteText({ ...base, kind: 'image' }, en)).toBe('[Photo]');
    expect(quoteText({ ...base, kind: 'video', caption: 'Sunset' }, en)).toBe('[Video] Sunset');
    expect(quoteText({ ...base, kind: 'video', available: false }, en)).toBe(
      '[Video] This video is no longer available',
    );
  });
});
