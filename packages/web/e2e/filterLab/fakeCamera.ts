import fs from 'node:fs';

/**
 * Clips for Chromium's fake camera (--use-file-for-fake-video-capture), written as Y4M. The
 * built-in fake camera shows a flat green pattern: no skin, no texture, so beauty would have
 * nothing to smooth and a look little colour to change. These are still pictures, repeated,
 * so that two frames taken at different times are the same picture.
 */

type Rgb = [number, number, number];

/** A small deterministic generator, so every run films the same picture. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Writes `frames` copies of the picture `pixel(x, y)` as 4:2:0 Y4M (BT.601, limited range, as cameras send). */
export function writeY4m(
  file: string,
  width: number,
  height: number,
  pixel: (x: number, y: number) => Rgb,
  frames = 2,
) {
  const rgb = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      rgb.set(
        pixel(x, y).map((c) => Math.min(255, Math.max(0, c)) / 255),
        (y * width + x) * 3,
      );
  }
  const luma = Buffer.alloc(width * height);
  const cb = Buffer.alloc((width / 2) * (height / 2));
  const cr = Buffer.alloc((width / 2) * (height / 2));
  for (let i = 0; i < width * height; i++) {
    const [r = 0, g = 0, b = 0] = rgb.subarray(i * 3, i * 3 + 3);
    luma[i] = Math.round(16 + 65.481 * r + 128.553 * g + 24.966 * b);
  }
  for (let y = 0; y < height / 2; y++) {
    for (let x = 0; x < width / 2; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const at = ((2 * y + dy) * width + 2 * x + dx) * 3;
        r += (rgb[at] ?? 0) / 4;
        g += (rgb[at + 1] ?? 0) / 4;
        b += (rgb[at + 2] ?? 0) / 4;
      }
      cb[y * (width / 2) + x] = Math.round(128 - 37.797 * r - 74.203 * g + 112 * b);
      cr[y * (width / 2) + x] = Math.round(128 + 112 * r - 93.786 * g - 18.214 * b);
    }
  }
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F15:1 Ip A1:1 C420jpeg\n`)];
  for (let f = 0; f < frames; f++) parts.push(Buffer.from('FRAME\n'), luma, cb, cr);
  fs.writeFileSync(file, Buffer.concat(parts));
}

function inEllipse(x: number, y: number, cx: number, cy: number, rx: number, ry: number): boolean {
  return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
}

/**
 * Close-up skin: a warm tone with fine grain (pores, sensor noise) that beauty should smooth,
 * and sharp dark features (eyes, a hairline) and red lips that it should keep.
 */
export function skinCloseUp(width: number, height: number): (x: number, y: number) => Rgb {
  const next = random(19);
  const grain = Float32Array.from({ length: width * height }, () => (next() - 0.5) * 36);
  return (x, y) => {
    const shade = 18 * (y / height);
    const n = grain[y * width + x] ?? 0;
    if (y < height * 0.12) return [70 + n / 3, 48 + n / 3, 38 + n / 3];
    for (const cx of [0.35, 0.65]) {
      if (inEllipse(x, y, width * cx, height * 0.4, width * 0.07, height * 0.04)) return [45, 32, 30];
    }
    if (inEllipse(x, y, width * 0.5, height * 0.75, width * 0.12, height * 0.045))
      return [190 + n, 70 + n, 80 + n];
    return [228 - shade + n, 176 - shade + n, 146 - shade + n];
  };
}

/** A calm picture for the panel's screenshots: a lit wall, a window's light and a person's silhouette. */
export function portrait(width: number, height: number): (x: number, y: number) => Rgb {
  return (x, y) => {
    const u = x / width;
    const v = y / height;
    if (inEllipse(x, y, width * 0.5, height * 0.42, width * 0.13, height * 0.23)) {
      const light = 1 - 0.25 * ((x - width * 0.42) / (width * 0.13)) ** 2;
      return [232 * light, 186 * light, 160 * light];
    }
    if (inEllipse(x, y, width * 0.5, height * 1.05, width * 0.3, height * 0.42)) return [70, 96, 140];
    if (inEllipse(x, y, width * 0.5, height * 0.3, width * 0.15, height * 0.2)) return [58, 42, 36];
    const window = u > 0.7 && u < 0.92 && v > 0.1 && v < 0.55 ? 40 : 0;
    return [205 - 40 * v + window, 196 - 30 * v + window, 178 - 10 * u + window];
  };
}
