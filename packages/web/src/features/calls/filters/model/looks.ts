import type { LookId } from './filterOptions';
import { IDENTITY_LOOK, type LookParams, LUT_SIZE, makeLut } from './lut';

/**
 * The named looks. Each is a small change from the camera's own colours, in the spirit of the
 * short-video apps' filters of the same names; the panel shows them in LOOK_IDS' order.
 */
export const LOOKS: Record<LookId, LookParams> = {
  // 奶油: warm, soft and a little faded, skin like cream.
  cream: {
    ...IDENTITY_LOOK,
    temperature: 0.35,
    tint: 0.1,
    exposure: 0.3,
    contrast: -0.25,
    saturation: 0.85,
    highlights: { hue: 40, amount: 0.5 },
    fade: 0.35,
  },
  // 胶片: the print film look, teal shadows, warm highlights, lifted blacks.
  film: {
    ...IDENTITY_LOOK,
    temperature: 0.15,
    contrast: 0.35,
    saturation: 0.8,
    shadows: { hue: 190, amount: 0.8 },
    highlights: { hue: 35, amount: 0.6 },
    fade: 0.4,
  },
  // 清新: cool, bright and airy, greens and blues kept clear.
  fresh: {
    ...IDENTITY_LOOK,
    temperature: -0.3,
    tint: -0.1,
    exposure: 0.35,
    contrast: -0.1,
    saturation: 1.1,
    highlights: { hue: 170, amount: 0.3 },
    fade: 0.1,
  },
  // 黑白: grey only, with a little more contrast than plain desaturation gives.
  mono: { ...IDENTITY_LOOK, contrast: 0.3, saturation: 0 },
  // 樱花: pink highlights and a soft magenta tint.
  sakura: {
    ...IDENTITY_LOOK,
    tint: 0.35,
    exposure: 0.25,
    contrast: -0.15,
    saturation: 0.95,
    highlights: { hue: 340, amount: 0.7 },
    fade: 0.15,
  },
  // 暖阳: late afternoon sun.
  sunny: {
    ...IDENTITY_LOOK,
    temperature: 0.6,
    exposure: 0.15,
    contrast: 0.15,
    saturation: 1.15,
    highlights: { hue: 45, amount: 0.5 },
  },
  // 冷调: blue-grey and calm.
  cool: {
    ...IDENTITY_LOOK,
    temperature: -0.6,
    contrast: 0.1,
    saturation: 0.8,
    shadows: { hue: 215, amount: 0.6 },
  },
  // 复古: faded, warm and low in saturation, an old photo.
  retro: {
    ...IDENTITY_LOOK,
    temperature: 0.4,
    contrast: -0.2,
    saturation: 0.6,
    shadows: { hue: 25, amount: 0.6 },
    highlights: { hue: 50, amount: 0.5 },
    fade: 0.7,
  },
  // 森系: muted greens, soft contrast, the forest-girl look.
  forest: {
    ...IDENTITY_LOOK,
    tint: -0.25,
    exposure: 0.1,
    contrast: -0.15,
    saturation: 0.75,
    shadows: { hue: 140, amount: 0.5 },
    fade: 0.3,
  },
};

const tables = new Map<LookId, Uint8Array>();

/** A look's table, made once on first use (a 32³ table takes a few milliseconds). */
export function lookTable(id: LookId): Uint8Array {
  let table = tables.get(id);
  if (!table) {
    table = makeLut(LOOKS[id], LUT_SIZE);
    tables.set(id, table);
  }
  return table;
}
