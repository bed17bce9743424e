/**
 * Colour looks as 3D lookup tables, made from a handful of photographic parameters rather than
 * shipped as images: the project owns every look, they are a few lines each, and the GPU
 * applies any of them at the same cost (one trilinear texture read per pixel).
 *
 * The order of operations is the usual grading order: white balance, exposure, contrast,
 * saturation, split toning, fade. Every step maps a channel monotonically (a brighter input
 * never gives a darker output along the grey axis), which the tests check for every look.
 */

export interface LookParams {
  /** -1 cool (blue) to 1 warm (amber). */
  temperature: number;
  /** -1 green to 1 magenta. */
  tint: number;
  /** -1 darker to 1 brighter, as a gamma on the midtones (black and white stay put). */
  exposure: number;
  /** -1 flat to 1 punchy, as an S-curve; every value keeps the curve monotonic. */
  contrast: number;
  /** 0 grey, 1 unchanged, up to 2 vivid. */
  saturation: number;
  /** Colour added to the shadows and the highlights (split toning): a hue in degrees and an amount 0–1. */
  shadows: { hue: number; amount: number };
  highlights: { hue: number; amount: number };
  /** 0–1: lifts black towards grey, the washed-out print look. */
  fade: number;
}

export const IDENTITY_LOOK: LookParams = {
  temperature: 0,
  tint: 0,
  exposure: 0,
  contrast: 0,
  saturation: 1,
  shadows: { hue: 0, amount: 0 },
  highlights: { hue: 0, amount: 0 },
  fade: 0,
};

/**
 * Points per side. 32 is what grading tools export: between points the GPU interpolates, and at
 * 32 the error of that stays under one 8-bit step for curves this gentle.
 */
export const LUT_SIZE = 32;

export type Rgb = [number, number, number];

/** Rec. 709 luma, the weights the eye gives each channel. */
export function luma(r: number, g: number, b: number): number {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** How far white balance moves a channel at full strength: about what a 1500 K shift does. */
const TEMPERATURE_GAIN = 0.12;
const TINT_GAIN = 0.08;
/** The strongest split tone, as an offset in 0–1 units: stronger reads as a colour cast. */
const SPLIT_TONE_GAIN = 0.12;
/** The most fade lifts black to, so that even a full fade keeps some depth. */
const FADE_MAX = 0.16;

/** A hue's colour at full saturation with its luma taken away, so toning shifts colour, not brightness. */
function toneOffset(hueDegrees: number): Rgb {
  const h = (((hueDegrees % 360) + 360) % 360) / 60;
  const x = 1 - Math.abs((h % 2) - 1);
  const [r, g, b]: Rgb =
    h < 1
      ? [1, x, 0]
      : h < 2
        ? [x, 1, 0]
        : h < 3
          ? [0, 1, x]
          : h < 4
            ? [0, x, 1]
            : h < 5
              ? [x, 0, 1]
              : [1, 0, x];
  const y = luma(r, g, b);
  return [r - y, g - y, b - y];
}

/** The contrast S-curve: a blend towards smoothstep, whose slope stays ≥ 0 for |amount| ≤ 1. */
function contrastCurve(v: number, amount: number): number {
  const s = v * v * (3 - 2 * v);
  return v + amount * (s - v);
}

/** Exposure as a gamma on the midtones: ±1 is a gamma of about 0.71 or 1.41, a visible but kind change. */
function exposureCurve(v: number, exposure: number): number {
  return v ** (2 ** (-exposure * 0.5));
}

/** One colour through a look; components 0–1 in and out. */
export function gradeColor([r0, g0, b0]: Rgb, look: LookParams): Rgb {
  // White balance: warm lifts red and lowers blue; tint trades green against red and blue.
  let r = r0 * (1 + TEMPERATURE_GAIN * look.temperature + TINT_GAIN * 0.5 * look.tint);
  let g = g0 * (1 - TINT_GAIN * look.tint);
  let b = b0 * (1 - TEMPERATURE_GAIN * look.temperature + TINT_GAIN * 0.5 * look.tint);
  r = contrastCurve(exposureCurve(clamp01(r), look.exposure), look.contrast);
  g = contrastCurve(exposureCurve(clamp01(g), look.exposure), look.contrast);
  b = contrastCurve(exposureCurve(clamp01(b), look.exposure), look.contrast);

  const y = luma(r, g, b);
  r = y + look.saturation * (r - y);
  g = y + look.saturation * (g - y);
  b = y + look.saturation * (b - y);

  const lum = clamp01(y);
  const shadowWeight = look.shadows.amount * SPLIT_TONE_GAIN * (1 - lum) ** 2;
  const highlightWeight = look.highlights.amount * SPLIT_TONE_GAIN * lum ** 2;
  if (shadowWeight > 0 || highlightWeight > 0) {
    const shadow = toneOffset(look.shadows.hue);
    const highlight = toneOffset(look.highlights.hue);
    r += shadow[0] * shadowWeight + highlight[0] * highlightWeight;
    g += shadow[1] * shadowWeight + highlight[1] * highlightWeight;
    b += shadow[2] * shadowWeight + highlight[2] * highlightWeight;
  }

  const lift = clamp01(look.fade) * FADE_MAX;
  return [lift + (1 - lift) * clamp01(r), lift + (1 - lift) * clamp01(g), lift + (1 - lift) * clamp01(b)];
}

/**
 * The look as a size³ table of RGBA bytes, red varying fastest, then green, then blue: the
 * layout texImage3D takes (x = red, y = green, z = blue). Alpha is 255, there for alignment.
 */
export function makeLut(look: LookParams, size: number = LUT_SIZE): Uint8Array {
  const table = new Uint8Array(size * size * size * 4);
  const step = 1 / (size - 1);
  let i = 0;
  for (let bi = 0; bi < size; bi++) {
    for (let gi = 0; gi < size; gi++) {
      for (let ri = 0; ri < size; ri++) {
        const [r, g, b] = gradeColor([ri * step, gi * step, bi * step], look);
        table[i++] = Math.round(r * 255);
        table[i++] = Math.round(g * 255);
        table[i++] = Math.round(b * 255);
        table[i++] = 255;
      }
    }
  }
  return table;
}

/**
 * Reads a table as the GPU does (trilinear between the eight nearest points): for the panel's
 * thumbnails, drawn on the CPU, and for tests. Components 0–255 in and out.
 */
export function sampleLut(table: Uint8Array, size: number, r: number, g: number, b: number): Rgb {
  const scale = (size - 1) / 255;
  const fr = r * scale;
  const fg = g * scale;
  const fb = b * scale;
  const r0 = Math.min(size - 2, Math.floor(fr));
  const g0 = Math.min(size - 2, Math.floor(fg));
  const b0 = Math.min(size - 2, Math.floor(fb));
  const dr = fr - r0;
  const dg = fg - g0;
  const db = fb - b0;
  const out: Rgb = [0, 0, 0];
  for (let corner = 0; corner < 8; corner++) {
    const cr = corner & 1;
    const cg = (corner >> 1) & 1;
    const cb = (corner >> 2) & 1;
    const weight = (cr ? dr : 1 - dr) * (cg ? dg : 1 - dg) * (cb ? db : 1 - db);
    if (weight === 0) continue;
    const at = (((b0 + cb) * size + (g0 + cg)) * size + (r0 + cr)) * 4;
    out[0] += weight * (table[at] ?? 0);
    out[1] += weight * (table[at + 1] ?? 0);
    out[2] += weight * (table[at + 2] ?? 0);
  }
  return out;
}
