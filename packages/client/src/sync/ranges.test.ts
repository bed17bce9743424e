import { describe, expect, it } from 'vitest';
import { addRange, holesOf, isKnown, olderPage, topOf } from './ranges';

describe('known ranges', () => {
  it('adding a range merges it with those it overlaps or touches, and keeps the list sorted', () => {
    expect(addRange([], 3, 5)).toEqual([[3, 5]]);
    expect(addRange([[3, 5]], 6, 8)).toEqual([[3, 8]]);
    expect(addRange([[3, 5]], 1, 2)).toEqual([[1, 5]]);
    expect(addRange([[3, 5]], 8, 9)).toEqual([
      [3, 5],
      [8, 9],
    ]);
    expect(addRange([[3, 5]], 0, 0)).toEqual([
      [0, 0],
      [3, 5],
    ]);
    expect(
      addRange(
        [
          [0, 2],
          [5, 6],
          [9, 12],
        ],
        3,
        9,
      ),
    ).toEqual([[0, 12]]);
    expect(addRange([[3, 5]], 4, 4)).toEqual([[3, 5]]);
    expect(addRange([[3, 5]], 7, 6)).toEqual([[3, 5]]);
  });

  it('answers whether a seq is known and which is the top one', () => {
    const known = [
      [0, 2],
      [5, 6],
    ] as const;
    expect([1, 2, 3, 5, 7].map((seq) => isKnown([...known], seq))).toEqual([true, true, false, true, false]);
    expect(topOf([...known])).toBe(6);
    expect(topOf([])).toBeUndefined();
  });

  it('[SYNC gaps] holes lie between ranges and above the top one, never below firstSeq', () => {
    expect(
      holesOf(
        [
          [0, 2],
          [33, 52],
        ],
        1,
        52,
      ),
    ).toEqual([[3, 32]]);
    expect(holesOf([[0, 10]], 1, 14)).toEqual([[11, 14]]);
    // Older history below the lowest range is not a hole: it is paged on demand.
    expect(holesOf([[33, 52]], 1, 52)).toEqual([]);
    expect(
      holesOf(
        [
          [0, 0],
          [33, 52],
        ],
        20,
        52,
      ),
    ).toEqual([[20, 32]]);
    expect(
      holesOf(
        [
          [0, 0],
          [5, 9],
        ],
        10,
        12,
      ),
    ).toEqual([[10, 12]]);
  });

  it('the next older page fills the hole below the top range first, then goes on down to firstSeq', () => {
    expect(
      olderPage(
        [
          [0, 2],
          [33, 52],
        ],
        1,
        52,
        50,
      ),
    ).toEqual({ before: 33, limit: 30 });
    expect(olderPage([[33, 52]], 1, 52, 50)).toEqual({ before: 33, limit: 32 });
    expect(olderPage([[100, 120]], 1, 120, 50)).toEqual({ before: 100, limit: 50 });
    expect(olderPage([[0, 52]], 1, 52, 50)).toBeNull();
    expect(olderPage([[10, 52]], 10, 52, 50)).toBeNull();
    expect(olderPage([], 1, 0, 50)).toBeNull();
    expect(olderPage([], 1, 7, 50)).toEqual({ before: 8, limit: 50 });
  });
});
