import type { StickerId } from '../model/filterOptions';
import { ART_ASPECT, STICKER_ARTS, STICKER_PARTS, type StickerArt } from '../model/stickerPlacement';

/**
 * The sticker pictures, drawn by the project with canvas paths into one texture when the
 * engine starts: no image files to ship or fetch, and every picture sharp at any size a face
 * takes in a call (256 px wide, the largest a sticker gets on a 720p frame).
 */

const CELL_WIDTH = 256;
/** Tall enough for the tallest picture (the bunny ears, 1.1 times as tall as wide). */
const CELL_HEIGHT = 288;
const COLUMNS = 4;

type Draw = (g: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, w: number, h: number) => void;

const OUTLINE = '#4a3428';

const drawCatEars: Draw = (g, w, h) => {
  for (const side of [-1, 1]) {
    const cx = w / 2 + side * w * 0.3;
    const ear = (inset: number, fill: string) => {
      g.beginPath();
      g.moveTo(cx - side * w * 0.16 + side * inset, h - 6 - inset / 2);
      g.lineTo(cx + side * w * 0.04, 10 + inset * 1.6);
      g.lineTo(cx + side * w * 0.17 - side * inset, h - 6 - inset / 2);
      g.closePath();
      g.fillStyle = fill;
      g.fill();
    };
    g.lineJoin = 'round';
    g.lineWidth = 7;
    g.strokeStyle = OUTLINE;
    ear(0, '#f6dcc8');
    g.stroke();
    ear(14, '#ff9db3');
  }
};

const drawGlasses: Draw = (g, w, h) => {
  const r = h * 0.4;
  // A light edge under the dark frame, so the glasses read on dark hair and dark rooms too.
  g.lineWidth = 15;
  g.strokeStyle = 'rgba(255, 255, 255, 0.85)';
  g.beginPath();
  for (const cx of [w * 0.27, w * 0.73]) {
    g.moveTo(cx + r, h / 2);
    g.arc(cx, h / 2, r, 0, Math.PI * 2);
  }
  g.moveTo(w * 0.27 + r, h / 2 - 4);
  g.quadraticCurveTo(w / 2, h / 2 - 16, w * 0.73 - r, h / 2 - 4);
  g.stroke();
  g.lineWidth = 9;
  g.strokeStyle = '#1f1f1f';
  for (const cx of [w * 0.27, w * 0.73]) {
    g.beginPath();
    g.arc(cx, h / 2, r, 0, Math.PI * 2);
    g.fillStyle = 'rgba(140, 190, 255, 0.22)';
    g.fill();
    g.stroke();
    // A glint, so the lenses read as glass.
    g.beginPath();
    g.arc(cx - r * 0.3, h / 2 - r * 0.3, r * 0.28, Math.PI * 1.1, Math.PI * 1.6);
    g.strokeStyle = 'rgba(255, 255, 255, 0.8)';
    g.lineWidth = 5;
    g.stroke();
    g.strokeStyle = '#1f1f1f';
    g.lineWidth = 9;
  }
  g.beginPath();
  g.moveTo(w * 0.27 + r, h / 2 - 4);
  g.quadraticCurveTo(w / 2, h / 2 - 16, w * 0.73 - r, h / 2 - 4);
  g.moveTo(w * 0.27 - r, h / 2 - 6);
  g.lineTo(4, h / 2 - 14);
  g.moveTo(w * 0.73 + r, h / 2 - 6);
  g.lineTo(w - 4, h / 2 - 14);
  g.stroke();
};

const drawBlush: Draw = (g, w, h) => {
  const glow = g.createRadialGradient(w / 2, h / 2, 0, w / 2, h / 2, w / 2);
  glow.addColorStop(0, 'rgba(255, 110, 150, 0.6)');
  glow.addColorStop(0.6, 'rgba(255, 120, 160, 0.35)');
  glow.addColorStop(1, 'rgba(255, 130, 170, 0)');
  g.save();
  g.scale(1, h / w);
  g.fillStyle = glow;
  g.fillRect(0, 0, w, w);
  g.restore();
  g.strokeStyle = 'rgba(225, 60, 105, 0.7)';
  g.lineWidth = 6;
  g.lineCap = 'round';
  for (const x of [0.32, 0.47, 0.62]) {
    g.beginPath();
    g.moveTo(w * x, h * 0.62);
    g.lineTo(w * (x + 0.07), h * 0.38);
    g.stroke();
  }
};

const drawBunnyEars: Draw = (g, w, h) => {
  for (const side of [-1, 1]) {
    g.save();
    g.translate(w / 2 + side * w * 0.2, h * 0.55);
    g.rotate(side * 0.18);
    const ear = (rx: number, ry: number, fill: string) => {
      g.beginPath();
      g.ellipse(0, 0, rx, ry, 0, 0, Math.PI * 2);
      g.fillStyle = fill;
      g.fill();
    };
    g.lineWidth = 7;
    g.strokeStyle = '#8a7f7a';
    ear(w * 0.14, h * 0.42, '#ffffff');
    g.stroke();
    ear(w * 0.07, h * 0.32, '#ffb3c6');
    g.restore();
  }
};

const drawCrown: Draw = (g, w, h) => {
  g.beginPath();
  g.moveTo(w * 0.08, h * 0.92);
  g.lineTo(w * 0.04, h * 0.25);
  g.lineTo(w * 0.27, h * 0.55);
  g.lineTo(w * 0.5, h * 0.08);
  g.lineTo(w * 0.73, h * 0.55);
  g.lineTo(w * 0.96, h * 0.25);
  g.lineTo(w * 0.92, h * 0.92);
  g.closePath();
  const gold = g.createLinearGradient(0, 0, 0, h);
  gold.addColorStop(0, '#ffe27a');
  gold.addColorStop(1, '#e8a91c');
  g.fillStyle = gold;
  g.fill();
  g.lineJoin = 'round';
  g.lineWidth = 7;
  g.strokeStyle = '#a86d06';
  g.stroke();
  const jewels: [number, number, string][] = [
    [0.3, 0.74, '#ff3b6b'],
    [0.5, 0.7, '#3b8bff'],
    [0.7, 0.74, '#ff3b6b'],
  ];
  for (const [x, y, colour] of jewels) {
    g.beginPath();
    g.arc(w * x, h * y, w * 0.05, 0, Math.PI * 2);
    g.fillStyle = colour;
    g.fill();
  }
};

const drawHeart: Draw = (g, w, h) => {
  g.beginPath();
  g.moveTo(w / 2, h * 0.95);
  g.bezierCurveTo(w * 0.05, h * 0.6, w * 0.02, h * 0.12, w * 0.28, h * 0.08);
  g.bezierCurveTo(w * 0.42, h * 0.06, w * 0.5, h * 0.2, w / 2, h * 0.28);
  g.bezierCurveTo(w * 0.5, h * 0.2, w * 0.58, h * 0.06, w * 0.72, h * 0.08);
  g.bezierCurveTo(w * 0.98, h * 0.12, w * 0.95, h * 0.6, w / 2, h * 0.95);
  g.fillStyle = '#ff3b6b';
  g.fill();
  g.lineWidth = 6;
  g.strokeStyle = '#c4123f';
  g.stroke();
  g.beginPath();
  g.ellipse(w * 0.3, h * 0.28, w * 0.08, h * 0.05, -0.6, 0, Math.PI * 2);
  g.fillStyle = 'rgba(255, 255, 255, 0.75)';
  g.fill();
};

const drawPuppyNose: Draw = (g, w, h) => {
  g.beginPath();
  g.moveTo(w / 2, h * 0.92);
  g.bezierCurveTo(w * 0.18, h * 0.85, w * 0.02, h * 0.45, w * 0.12, h * 0.22);
  g.bezierCurveTo(w * 0.22, h * 0.02, w * 0.78, h * 0.02, w * 0.88, h * 0.22);
  g.bezierCurveTo(w * 0.98, h * 0.45, w * 0.82, h * 0.85, w / 2, h * 0.92);
  g.fillStyle = '#2b2220';
  g.fill();
  g.beginPath();
  g.ellipse(w * 0.36, h * 0.26, w * 0.12, h * 0.07, -0.3, 0, Math.PI * 2);
  g.fillStyle = 'rgba(255, 255, 255, 0.55)';
  g.fill();
};

const DRAWINGS: Record<StickerArt, Draw> = {
  catEars: drawCatEars,
  glasses: drawGlasses,
  blush: drawBlush,
  bunnyEars: drawBunnyEars,
  crown: drawCrown,
  heart: drawHeart,
  puppyNose: drawPuppyNose,
};

/** Where each picture lies in the atlas, in texture coordinates: left, top, right, bottom. */
export type AtlasCells = Record<StickerArt, [number, number, number, number]>;

export interface StickerAtlas {
  image: HTMLCanvasElement | OffscreenCanvas;
  cells: AtlasCells;
}

/** Draws every sticker picture into one canvas, each in its own cell. */
export function drawStickerAtlas(): StickerAtlas {
  const rows = Math.ceil(STICKER_ARTS.length / COLUMNS);
  const width = COLUMNS * CELL_WIDTH;
  const height = rows * CELL_HEIGHT;
  const image =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(width, height)
      : Object.assign(document.createElement('canvas'), { width, height });
  const g = image.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!g) throw new Error('No 2D canvas for the sticker pictures.');
  const cells = {} as AtlasCells;
  STICKER_ARTS.forEach((art, i) => {
    const artHeight = Math.round(CELL_WIDTH * ART_ASPECT[art]);
    const left = (i % COLUMNS) * CELL_WIDTH;
    const top = Math.floor(i / COLUMNS) * CELL_HEIGHT;
    g.save();
    g.translate(left, top);
    // Pictures stay inside their cell even where a stroke reaches the edge.
    g.beginPath();
    g.rect(0, 0, CELL_WIDTH, artHeight);
    g.clip();
    DRAWINGS[art](g, CELL_WIDTH, artHeight);
    g.restore();
    cells[art] = [left / width, top / height, (left + CELL_WIDTH) / width, (top + artHeight) / height];
  });
  return { image, cells };
}

/** A sticker's first picture, centred in `canvas`, for the panel's buttons. */
export function drawStickerIcon(canvas: HTMLCanvasElement, sticker: StickerId): void {
  const g = canvas.getContext('2d');
  const art = STICKER_PARTS[sticker][0]?.art;
  if (!g || !art) return;
  const aspect = ART_ASPECT[art];
  // Fit 90 % of the canvas either way; the pictures are drawn at 256 px wide and scaled.
  const width = Math.min(canvas.width * 0.9, (canvas.height * 0.9) / aspect);
  const scale = width / CELL_WIDTH;
  g.clearRect(0, 0, canvas.width, canvas.height);
  g.save();
  g.translate((canvas.width - width) / 2, (canvas.height - width * aspect) / 2);
  g.scale(scale, scale);
  DRAWINGS[art](g, CELL_WIDTH, CELL_WIDTH * aspect);
  g.restore();
}
