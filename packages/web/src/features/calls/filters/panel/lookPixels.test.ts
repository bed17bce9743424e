import { describe, expect, it } from 'vitest';
import { lookTable } from '../model/looks';
import { applyLook, stillPicture, THUMB_SIZE } from './lookPixels';

describe('look thumbnails', () => {
  it('copies the picture for 原图 and greys it for 黑白', () => {
    const still = stillPicture();
    expect(still.length).toBe(THUMB_SIZE * THUMB_SIZE * 4);
    const copy = new Uint8ClampedArray(still.length);
    applyLook(still, copy, null);
    expect(copy).toEqual(still);
    const grey = new Uint8ClampedArray(still.length);
    applyLook(still, grey, lookTable('mono'));
    for (let i = 0; i < grey.length; i += 4) {
      expect(Math.abs((grey[i] ?? 0) - (grey[i + 1] ?? 0))).toBeLessThanOrEqual(1);
      expect(Math.abs((grey[i] ?? 0) - (grey[i + 2] ?? 0))).toBeLessThanOrEqual(1);
      expect(grey[i + 3]).toBe(255);
    }
  });

  it('the stand-in picture has colour to show a look on', () => {
    const still = stillPicture();
    let spread = 0;
    for (let i = 0; i < still.length; i += 4)
      spread = Math.max(spread, Math.abs((still[i] ?? 0) - (still[i + 2] ?? 0)));
    expect(spread).toBeGreaterThan(50);
  });
});
