import { describe, expect, it } from 'vitest';
import {
  FrameRateMeter,
  initialPace,
  LEVEL_SETTINGS,
  neededFps,
  nextPace,
  type PaceState,
  RETRY_AFTER_MAX_MS,
  RETRY_AFTER_MS,
  SETTLE_MS,
  TRY_PASSES_AFTER_MS,
} from './stepDown';

/** Feeds one measurement a second at the given rate for `seconds`, from `state` at time `from`. */
function run(state: PaceState, from: number, seconds: number, outputFps: number, sourceFps = 30) {
  let s = state;
  let now = from;
  for (let i = 0; i < seconds; i++) {
    now += 1000;
    s = nextPace(s, { now, outputFps, sourceFps });
  }
  return { state: s, now };
}

describe('stepping down', () => {
  it('stays at full while 15 fps or more hold', () => {
    const { state } = run(initialPace(0), 0, 60, 24);
    expect(state.level).toBe('full');
  });

  it('steps down one level at a time when the rate falls under 15, waiting for each level to settle', () => {
    let state = initialPace(0);
    state = nextPace(state, { now: SETTLE_MS - 1, outputFps: 8, sourceFps: 30 });
    expect(state.level).toBe('full');
    state = nextPace(state, { now: SETTLE_MS, outputFps: 8, sourceFps: 30 });
    expect(state.level).toBe('reduced');
    // The meter still holds frames of the old level: no judgement until it settles.
    state = nextPace(state, { now: SETTLE_MS + 1000, outputFps: 8, sourceFps: 30 });
    expect(state.level).toBe('reduced');
    state = nextPace(state, { now: 2 * SETTLE_MS, outputFps: 8, sourceFps: 30 });
    expect(state.level).toBe('minimal');
    state = nextPace(state, { now: 4 * SETTLE_MS, outputFps: 5, sourceFps: 30 });
    expect(state.level).toBe('minimal');
  });

  it('asks only for nearly what the camera gives when the camera gives under 15', () => {
    expect(neededFps(30)).toBe(15);
    expect(neededFps(10)).toBe(9);
    expect(neededFps(0)).toBe(15);
    const { state } = run(initialPace(0), 0, 30, 9.5, 10);
    expect(state.level).toBe('full');
  });

  it('tries the level above after holding, and waits twice as long after a failed try', () => {
    let { state, now } = run(initialPace(0), 0, 3, 10);
    expect(state.level).toBe('reduced');
    ({ state, now } = run(state, now, RETRY_AFTER_MS / 1000 + 3, 20));
    expect(state.level).toBe('full');
    expect(state.trying).toBe(true);
    // Full fails again: back down, and the next try waits twice as long.
    ({ state, now } = run(state, now, 3, 10));
    expect(state.level).toBe('reduced');
    expect(state.retryAfterMs).toBe(2 * RETRY_AFTER_MS);
    ({ state, now } = run(state, now, RETRY_AFTER_MS / 1000 + 3, 20));
    expect(state.level).toBe('reduced');
    ({ state, now } = run(state, now, RETRY_AFTER_MS / 1000, 20));
    expect(state.level).toBe('full');
  });

  it('never waits longer than the cap, and a try that holds resets the wait', () => {
    let state: PaceState = {
      ...initialPace(0),
      level: 'reduced',
      trying: true,
      retryAfterMs: RETRY_AFTER_MAX_MS,
    };
    state = nextPace(state, { now: SETTLE_MS, outputFps: 5, sourceFps: 30 });
    expect(state.retryAfterMs).toBe(RETRY_AFTER_MAX_MS);
    const held: PaceState = {
      ...initialPace(0),
      level: 'reduced',
      trying: true,
      retryAfterMs: 4 * RETRY_AFTER_MS,
    };
    const after = run(held, 0, TRY_PASSES_AFTER_MS / 1000 + 1, 20).state;
    expect(after.trying).toBe(false);
    expect(after.retryAfterMs).toBe(RETRY_AFTER_MS);
  });

  it('does less work at each lower level', () => {
    expect(LEVEL_SETTINGS.reduced.blurTaps).toBeLessThan(LEVEL_SETTINGS.full.blurTaps);
    expect(LEVEL_SETTINGS.minimal.blurTaps).toBeLessThan(LEVEL_SETTINGS.reduced.blurTaps);
    expect(LEVEL_SETTINGS.reduced.landmarkEvery).toBe(2);
    expect(LEVEL_SETTINGS.minimal.landmarkEvery).toBe(3);
  });
});

describe('the frame rate meter', () => {
  it('counts the frames of the last window', () => {
    const meter = new FrameRateMeter(0, 2000);
    for (let t = 50; t <= 4000; t += 50) meter.tick(t);
    expect(meter.rate(4000)).toBeCloseTo(20, 5);
    expect(meter.rate(5000)).toBeCloseTo(10, 5);
    expect(meter.rate(6000)).toBe(0);
  });

  it('divides by the time elapsed while the first window fills', () => {
    const meter = new FrameRateMeter(1000, 2000);
    for (let t = 1100; t <= 1500; t += 100) meter.tick(t);
    expect(meter.rate(1500)).toBeCloseTo(10, 5);
    expect(meter.rate(1000)).toBe(0);
  });
});
