import { VIDEO_MAX_BYTES } from '@liao/protocol';
import { describe, expect, it } from 'vitest';
import { checkVideoFile, formatDuration, videoFingerprint } from './videoFiles';

describe('picking a video', () => {
  it('takes MP4, MOV and WebM up to 200 MB, refuses other files before uploading', () => {
    expect(checkVideoFile({ name: 'a.mp4', size: 10, type: 'video/mp4' })).toBeNull();
    expect(checkVideoFile({ name: 'a.mov', size: 10, type: 'video/quicktime' })).toBeNull();
    expect(checkVideoFile({ name: 'a.webm', size: VIDEO_MAX_BYTES, type: 'video/webm' })).toBeNull();
    expect(checkVideoFile({ name: 'a.mov', size: 10, type: '' })).toBeNull();
    expect(checkVideoFile({ name: 'a.avi', size: 10, type: 'video/x-msvideo' })).toBe('type');
    expect(checkVideoFile({ name: 'a.mp4', size: 10, type: 'image/png' })).toBe('type');
    expect(checkVideoFile({ name: 'notes.txt', size: 10, type: '' })).toBe('type');
    expect(checkVideoFile({ name: 'a.mp4', size: VIDEO_MAX_BYTES + 1, type: 'video/mp4' })).toBe('size');
    expect(checkVideoFile({ name: 'a.mp4', size: 0, type: 'video/mp4' })).toBe('empty');
  });

  it('knows the same file again by name, size and time, per account', () => {
    const file = { name: 'a.mp4', size: 10, lastModified: 5 };
    expect(videoFingerprint('u1', file)).toBe(videoFingerprint('u1', { ...file }));
    expect(videoFingerprint('u1', file)).not.toBe(videoFingerprint('u2', file));
    expect(videoFingerprint('u1', file)).not.toBe(videoFingerprint('u1', { ...file, lastModified: 6 }));
  });

  it('writes a length as m:ss', () => {
    expect(formatDuration(2000)).toBe('0:02');
    expect(formatDuration(65_400)).toBe('1:05');
    expect(formatDuration(180_000)).toBe('3:00');
  });
});
