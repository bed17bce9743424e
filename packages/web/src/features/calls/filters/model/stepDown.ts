/**
 * Stepping down when the machine cannot keep up (issue 19: "if the machine cannot hold 15 fps,
 * the filter steps down and says so"). Pure: the engine feeds it the frame rates it measured
 * and applies the level it returns, so the policy is tested without a camera.
 */

export type FilterLevel = 'full' | 'reduced' | 'minimal';
export const FILTER_LEVELS: readonly FilterLevel[] = ['full', 'reduced', 'minimal'];

export interface LevelSettings {
  /** Samples the skin smoothing takes around each pixel: its cost grows with them. */
  blurTaps: number;
  /** Face landmarks are looked for on every n-th frame; stickers keep their last place between. */
  landmarkEvery: number;
}

export const LEVEL_SETTINGS: Record<FilterLevel, LevelSettings> = {
  full: { blurTaps: 24, landmarkEvery: 1 },
  reduced: { blurTaps: 12, landmarkEvery: 2 },
  minimal: { blurTaps: 6, landmarkEvery: 3 },
};

/** Below this a call looks choppy; the floor. */
export const MIN_FPS = 15;
/**
 * A level is judged only once the meter's window (2 s) holds frames of that level alone, with a
 * little margin for the first frames' warm-up.
 */
export const SETTLE_MS = 2500;
/** How long a lower level must hold before the engine tries the level above again. */
export const RETRY_AFTER_MS = 20_000;
/** Each failed try doubles the wait, up to this: a machine that cannot hold full stops being asked. */
export const RETRY_AFTER_MAX_MS = 320_000;
/** A level reached by a try counts as held (and the wait goes back to RETRY_AFTER_MS) after this. */
export const TRY_PASSES_AFTER_MS = 10_000;

export interface PaceState {
  level: FilterLevel;
  /** When the level last changed. */
  changedAt: number;
  /** Since when the rate has held at this level, or null while it does not. */
  holdingSince: number | null;
  /** How long the rate must hold before trying the level above. */
  retryAfterMs: number;
  /** The level was reached by trying a level up, and has not held long enough to count. */
  trying: boolean;
}

export interface PaceSample {
  now: number;
  /** Frames the engine put out over the last window, per second. */
  outputFps: number;
  /** Frames the camera says it gives, per second (its settings); 0 if unknown. */
  sourceFps: number;
}

export function initialPace(now: number): PaceState {
  return { level: 'full', changedAt: now, holdingSince: null, retryAfterMs: RETRY_AFTER_MS, trying: false };
}

/**
 * The rate the engine must hold: 15 fps, or nearly all the camera gives when the camera itself
 * gives fewer (a dark room, a slow webcam), since no level can send frames that never came.
 */
export function neededFps(sourceFps: number): number {
  return sourceFps > 0 ? Math.min(MIN_FPS, sourceFps * 0.9) : MIN_FPS;
}

function levelBelow(level: FilterLevel): FilterLevel {
  return FILTER_LEVELS[Math.min(FILTER_LEVELS.length - 1, FILTER_LEVELS.indexOf(level) + 1)] ?? level;
}

function levelAbove(level: FilterLevel): FilterLevel {
  return FILTER_LEVELS[Math.max(0, FILTER_LEVELS.indexOf(level) - 1)] ?? level;
}

/** The next state after one measurement. */
export function nextPace(state: PaceState, sample: PaceSample): PaceState {
  const { now } = sample;
  if (now - state.changedAt < SETTLE_MS) return state;
  const holding = sample.outputFps >= neededFps(sample.sourceFps);

  if (!holding) {
    const below = levelBelow(state.level);
    if (below === state.level) return state.holdingSince === null ? state : { ...state, holdingSince: null };
    // A try that failed makes the next one wait longer; a level that held and then failed (the
    // machine got busy) starts the wait afresh.
    const retryAfterMs = state.trying ? Math.min(RETRY_AFTER_MAX_MS, state.retryAfterMs * 2) : RETRY_AFTER_MS;
    return { level: below, changedAt: now, holdingSince: null, retryAfterMs, trying: false };
  }

  const holdingSince = state.holdingSince ?? now;
  const trying = state.trying && now - state.changedAt < TRY_PASSES_AFTER_MS;
  const retryAfterMs = state.trying && !trying ? RETRY_AFTER_MS : state.retryAfterMs;
  if (state.level !== 'full' && now - holdingSince >= retryAfterMs) {
    return { level: levelAbove(state.level), changedAt: now, holdingSince: null, retryAfterMs, trying: true };
  }
  if (holdingSince === state.holdingSince && trying === state.trying && retryAfterMs === state.retryAfterMs) {
    return state;
  }
  return { ...state, holdingSince, trying, retryAfterMs };
}

/**
 * Frames per second over a sliding window. Times are milliseconds from any one clock
 * (performance.now in the engine, plain numbers in tests).
 */
export class FrameRateMeter {
  private readonly times: number[] = [];
  private readonly startedAt: number;

  constructor(
    now: number,
    private readonly windowMs = 2000,
  ) {
    this.startedAt = now;
  }

  tick(now: number): void {
    this.times.push(now);
    this.drop(now);
  }

  rate(now: number): number {
    this.drop(now);
    const span = Math.min(this.windowMs, now - this.startedAt);
    return span > 0 ? (this.times.length * 1000) / span : 0;
  }

  private drop(now: number): void {
    const oldest = now - this.windowMs;
    let stale = 0;
    while (stale < this.times.length && (this.times[stale] ?? 0) <= oldest) stale++;
    if (stale > 0) this.times.splice(0, stale);
  }
}
