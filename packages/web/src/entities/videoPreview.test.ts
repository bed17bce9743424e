import type { VideoCard } from '@liao/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../app/i18n';
import { makeTextMessage } from '../app/state/testBuilders';
import { previewOf } from './conversationText';

let n = 0;
/** A well-formed id (UUIDv7 shape) no other card uses. */
const makeId = () => `0190a000-0000-7000-8000-${String(++n).padStart(12, '0')}`;

describe('the list preview of a shared video', () => {
  let i18n: ReturnType<typeof initI18n>;
  beforeAll(() => {
    i18n = initI18n('zh-CN');
  });

  const card = (fields: Partial<VideoCard> = {}): VideoCard => ({
    id: makeId(),
    ownerId: makeId(),
    caption: '周末的\n海边',
    durationMs: 5000,
    width: 720,
    height: 1280,
    posterUrl: null,
    previewUrl: null,
    streamUrl: null,
    available: true,
    ...fields,
  });
  const preview = (c: VideoCard, lng = 'zh-CN') =>
    previewOf(
      makeTextMessage({ conversationId: makeId(), content: { kind: 'video', videoId: c.id, card: c } }),
      makeId(),
      [],
      i18n.getFixedT(lng),
    );

  it('says [视频] and the caption on one line, or [视频] alone without one', () => {
    expect(preview(card())).toBe('[视频] 周末的 海边');
    expect(preview(card({ caption: '' }))).toBe('[视频]');
    expect(preview(card(), 'en')).toBe('[Video] 周末的 海边');
  });

  it('says the video is gone once its owner deleted it or made it private', () => {
    expect(preview(card({ available: false, caption: '' }))).toBe('该视频已不可用');
    expect(preview(card({ available: false }), 'en')).toBe('This video is no longer available');
  });
});
