import { describe, expect, it } from 'vitest';
import { slope } from './idleConnections';

describe('the slope of RSS against connections', () => {
  it('is the line through readings on it', () => {
    expect(
      slope([
        [0, 100],
        [500, 100 + 500 * 4096],
        [1000, 100 + 1000 * 4096],
      ]),
    ).toBeCloseTo(4096);
  });

  it('is not thrown far by one reading that a garbage collection moved', () => {
    const readings: [number, number][] = [0, 500, 1000, 1500, 2000, 2500, 3000].map((n) => [
      n,
      150e6 + n * 5000,
    ]);
    const twoReadings = (readings[6]![1] - 4e6 - readings[0]![1]) / 3000;
    readings[6]![1] -= 4e6; // the last reading taken just after a collection
    expect(Math.abs(slope(readings) - 5000)).toBeLessThan(Math.abs(twoReadings - 5000));
  });

  it('is 0 with one reading', () => {
    expect(slope([[0, 1]])).toBe(0);
  });
});
