import { describe, expect, it } from 'vitest';
import { makeVideo } from '../../app/state/testBuilders';
import { canShareVideo } from './videosModel';

describe('canShareVideo', () => {
  it('offers sharing a ready video that friends or everyone may watch', () => {
    expect(canShareVideo(makeVideo({ visibility: 'friends' }))).toBe(true);
    expect(canShareVideo(makeVideo({ visibility: 'public' }))).toBe(true);
  });

  it('not a private one (it would arrive as unavailable), nor one still processing or failed', () => {
    expect(canShareVideo(makeVideo({ visibility: 'private' }))).toBe(false);
    expect(canShareVideo(makeVideo({ state: 'processing', progress: 0.5 }))).toBe(false);
    expect(canShareVideo(makeVideo({ state: 'failed', error: 'TRANSCODE_FAILED' }))).toBe(false);
  });
});
