import { LUT_SIZE, sampleLut } from '../model/lut';

/**
 * The looks' thumbnails are drawn on the CPU: 9 looks × 64×64 pixels is nothing, and it keeps
 * the panel free of a second WebGL context.
 */

/** Size of a thumbnail's pixels (shown at 56 CSS px, so sharp up to a 1.15× screen; softer above). */
export const THUMB_SIZE = 64;

/** `source` RGBA pixels through a look's table into `target` (alpha copied). */
export function applyLook(
  source: Uint8ClampedArray,
  target: Uint8ClampedArray,
  table: Uint8Array | null,
): void {
  for (let i = 0; i < source.length; i += 4) {
    const r = source[i] ?? 0;
    const g = source[i + 1] ?? 0;
    const b = source[i + 2] ?? 0;
    if (table) {
      const [ro, go, bo] = sampleLut(table, LUT_SIZE, r, g, b);
      target[i] = ro;
      target[i + 1] = go;
      target[i + 2] = bo;
    } else {
      target[i] = r;
      target[i + 1] = g;
      target[i + 2] = b;
    }
    target[i + 3] = source[i + 3] ?? 255;
  }
}

/**
 * A stand-in picture while there is no camera: a face-toned disc on a sky-to-grass gradient,
 * so each look shows what it does to skin, sky and green.
 */
export function stillPicture(size: number = THUMB_SIZE): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const t = y / (size - 1);
      let rgb: [number, number, number] =
        t < 0.65 ? [120 + 90 * t, 170 + 60 * t, 235 - 40 * t] : [90 - 30 * t, 150 - 20 * t, 80 - 20 * t];
      const dx = (x - size * 0.5) / (size * 0.24);
      const dy = (y - size * 0.48) / (size * 0.3);
      if (dx * dx + dy * dy <= 1) rgb = [236 - 30 * dy, 190 - 30 * dy, 160 - 30 * dy];
      pixels[i] = rgb[0];
      pixels[i + 1] = rgb[1];
      pixels[i + 2] = rgb[2];
      pixels[i + 3] = 255;
    }
  }
  return pixels;
}
