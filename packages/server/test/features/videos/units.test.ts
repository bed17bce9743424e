import { describe, expect, it } from 'vitest';
import { parseRange } from '../../../src/features/videos/serve';
import { fitSize } from '../../../src/features/videos/transcode';

describe('fitSize', () => {
  it.each([
    [160, 90, 160, 90],
    [3840, 2160, 1920, 1080],
    [2160, 3840, 1080, 1920],
    [1080, 1920, 1080, 1920],
    [4000, 1000, 1920, 480],
    [1500, 1500, 1080, 1080],
    [161, 91, 160, 90],
  ])('%i×%i → %i×%i (≤1080 short side, ≤1920 long side, even, never upscaled)', (w, h, ew, eh) => {
    expect(fitSize(w, h)).toEqual({ width: ew, height: eh });
  });
});

describe('parseRange', () => {
  it.each([
    [undefined, null],
    ['bytes=0-9', { start: 0, end: 9 }],
    ['bytes=90-', { start: 90, end: 99 }],
    ['bytes=-10', { start: 90, end: 99 }],
    ['bytes=-500', { start: 0, end: 99 }],
    ['bytes=50-500', { start: 50, end: 99 }],
    ['bytes=100-', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=9-3', 'unsatisfiable'],
    ['bytes=0-1,4-5', null],
    ['bytes=-', null],
    ['pages=1-2', null],
  ] as const)('%s', (header, expected) => {
    expect(parseRange(header, 100)).toEqual(expected);
  });
});
