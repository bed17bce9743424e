/**
 * What a person chose for their camera in a call: beauty strength, a colour look and a face
 * sticker. The same shape goes to the engine, to the panel and into localStorage, so anything
 * read back from storage (an older version's value, a hand edit) is normalised here first.
 */

/** The colour looks, in the order the panel shows them. */
export const LOOK_IDS = [
  'cream',
  'film',
  'fresh',
  'mono',
  'sakura',
  'sunny',
  'cool',
  'retro',
  'forest',
] as const;
export type LookId = (typeof LOOK_IDS)[number];

/** The face stickers, in the order the panel shows them. */
export const STICKER_IDS = [
  'catEars',
  'glasses',
  'blush',
  'bunnyEars',
  'crown',
  'heartEyes',
  'puppyNose',
] as const;
export type StickerId = (typeof STICKER_IDS)[number];

export interface FilterOptions {
  /** Skin smoothing and brightening together: 0 is off, 1 the strongest. */
  beauty: number;
  /** null is 原图, the camera's own colours. */
  look: LookId | null;
  /** null is no sticker (and no face tracking, which costs the most). */
  sticker: StickerId | null;
}

export const NO_FILTERS: FilterOptions = { beauty: 0, look: null, sticker: null };

/**
 * A gentle default for a first call: light beauty and no look, which is what the short-video
 * apps people come from open with. Stickers stay off so that nothing surprising is sent.
 */
export const DEFAULT_FILTERS: FilterOptions = { beauty: 0.4, look: null, sticker: null };

/** Steps per unit the slider snaps to (0.05 each); finer steps are not visible on a face. */
const BEAUTY_STEPS = 20;

function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** Beauty strength clamped to 0–1 and snapped to the slider's step; anything not a number is 0. */
export function clampBeauty(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 0;
  const clamped = Math.min(1, Math.max(0, value));
  // Divided rather than multiplied by the step, so that 0.15 stays 0.15 and not 0.15000000000000002.
  return Math.round(clamped * BEAUTY_STEPS) / BEAUTY_STEPS;
}

/**
 * Any value into valid options: unknown looks and stickers become none, the strength is
 * clamped. Fields missing from `value` take `fallback`'s.
 */
export function normalizeFilterOptions(value: unknown, fallback: FilterOptions = NO_FILTERS): FilterOptions {
  if (typeof value !== 'object' || value === null) return { ...fallback };
  const raw = value as Record<string, unknown>;
  return {
    beauty: 'beauty' in raw ? clampBeauty(raw.beauty) : fallback.beauty,
    look: 'look' in raw ? (isOneOf(LOOK_IDS, raw.look) ? raw.look : null) : fallback.look,
    sticker: 'sticker' in raw ? (isOneOf(STICKER_IDS, raw.sticker) ? raw.sticker : null) : fallback.sticker,
  };
}

/** Whether the options change nothing, so the camera's frames may go out untouched. */
export function isUnfiltered(options: FilterOptions): boolean {
  return options.beauty === 0 && options.look === null && options.sticker === null;
}
