import { describe, expect, it } from 'vitest';
import {
  clampBeauty,
  DEFAULT_FILTERS,
  isUnfiltered,
  NO_FILTERS,
  normalizeFilterOptions,
} from './filterOptions';

describe('filter options', () => {
  it('clamps beauty to 0–1 and snaps it to the slider step', () => {
    expect(clampBeauty(-0.3)).toBe(0);
    expect(clampBeauty(1.7)).toBe(1);
    expect(clampBeauty(0.149)).toBe(0.15);
    expect(clampBeauty(0.5)).toBe(0.5);
    expect(clampBeauty(Number.NaN)).toBe(0);
    expect(clampBeauty(Number.POSITIVE_INFINITY)).toBe(0);
    expect(clampBeauty('0.5')).toBe(0);
  });

  it('keeps valid options as they are', () => {
    const options = { beauty: 0.65, look: 'film', sticker: 'catEars' } as const;
    expect(normalizeFilterOptions(options)).toEqual(options);
    expect(normalizeFilterOptions({ beauty: 0, look: null, sticker: null })).toEqual(NO_FILTERS);
  });

  it('turns unknown looks and stickers into none and drops fields it does not know', () => {
    expect(normalizeFilterOptions({ beauty: 2, look: 'sepia', sticker: 'hat', extra: 1 })).toEqual({
      beauty: 1,
      look: null,
      sticker: null,
    });
    expect(normalizeFilterOptions({ look: 42, sticker: {} }, DEFAULT_FILTERS)).toEqual({
      beauty: DEFAULT_FILTERS.beauty,
      look: null,
      sticker: null,
    });
  });

  it('takes the fallback for what is missing, and for anything not an object', () => {
    expect(normalizeFilterOptions({ look: 'mono' }, DEFAULT_FILTERS)).toEqual({
      ...DEFAULT_FILTERS,
      look: 'mono',
    });
    for (const junk of [null, undefined, 'mono', 3, []]) {
      expect(normalizeFilterOptions(junk, DEFAULT_FILTERS)).toEqual(DEFAULT_FILTERS);
    }
  });

  it('knows when nothing is filtered', () => {
    expect(isUnfiltered(NO_FILTERS)).toBe(true);
    expect(isUnfiltered(DEFAULT_FILTERS)).toBe(false);
    expect(isUnfiltered({ ...NO_FILTERS, sticker: 'blush' })).toBe(false);
  });
});
