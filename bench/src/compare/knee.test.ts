import { describe, expect, it } from 'vitest';
import { fineLadder, kneeOf } from './knee';

const rungs = (held: number[], failed: number[]) => [
  ...held.map((offered) => ({ offered, held: true })),
  ...failed.map((offered) => ({ offered, held: false })),
];

describe('fineLadder', () => {
  it('fills the gap between the last rate held and the first that was not', () => {
    expect(fineLadder(rungs([2000, 5000], [10000]))).toEqual([6000, 7000, 8000, 9000]);
    expect(fineLadder(rungs([2000, 5000], [10000]), 2, 500)).toEqual([6500, 8500]);
  });

  it('ignores a lucky rung above the first failure', () => {
    expect(fineLadder(rungs([1000, 4000], [2000]))).toEqual([1200, 1400, 1600, 1800]);
  });

  it('climbs past the top when everything held, and below the first when nothing did', () => {
    expect(fineLadder(rungs([1000, 2000], []))).toEqual([2400, 2800, 3200, 3600]);
    expect(fineLadder(rungs([], [1000]))).toEqual([200, 400, 600, 800]);
  });

  it('gives nothing where the grain leaves no room', () => {
    expect(fineLadder(rungs([1000], [1100]))).toEqual([]);
    expect(fineLadder([])).toEqual([]);
  });
});

describe('kneeOf', () => {
  it('is the highest rate held, or null', () => {
    expect(kneeOf(rungs([2000, 7000], [8000, 10000]))).toBe(7000);
    expect(kneeOf(rungs([], [1000]))).toBeNull();
  });
});
