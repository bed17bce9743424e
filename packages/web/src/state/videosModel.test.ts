import type { Video } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { canShareVideo } from './videosModel';

function makeVideo(fields: Partial<Video>): Video {
  return {
    id: '01964f5e-8b1c-7a2b-9c3d-000000a00001',
    ownerId: '01964f5e-8b1c-7a2b-9c3d-0000000000aa',
    caption: '',
    visibility: 'friends',
    state: 'ready',
    durationMs: 2000,
    width: 720,
    height: 1280,
    createdAt: 1000,
    posterUrl: null,
    previewUrl: null,
    streamUrl: null,
    progress: 1,
    error: null,
    ...fields,
  };
}

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
