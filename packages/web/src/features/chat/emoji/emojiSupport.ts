/**
 * Whether this browser draws an emoji as one coloured picture, tested once per emoji on a small
 * canvas: an emoji no installed font has comes out as an empty box or as its parts side by side
 * (a ZWJ sequence the font does not join), both wider than one emoji or without colour.
 */
const SIZE = 20;

let context: CanvasRenderingContext2D | null | undefined;

function canvas(): CanvasRenderingContext2D | null {
  if (context !== undefined) return context;
  const element = typeof document === 'undefined' ? null : document.createElement('canvas');
  if (element) {
    element.width = SIZE * 4;
    element.height = SIZE * 2;
  }
  context = element?.getContext('2d', { willReadFrequently: true }) ?? null;
  if (context) {
    context.font = `${SIZE}px "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji", sans-serif`;
    context.textBaseline = 'top';
  }
  return context;
}

export function canDrawEmoji(unicode: string): boolean {
  const ctx = canvas();
  // Without a canvas (tests, very old browsers) show everything rather than nothing.
  if (!ctx) return true;
  const width = ctx.measureText(unicode).width;
  // Parts drawn side by side measure about two emoji or more.
  if (width > SIZE * 1.5) return false;
  ctx.clearRect(0, 0, SIZE * 4, SIZE * 2);
  ctx.fillText(unicode, 0, 0);
  const { data } = ctx.getImageData(0, 0, SIZE * 2, SIZE * 2);
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b, a] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0, data[i + 3] ?? 0];
    // A coloured pixel: an empty box or a black-and-white fallback has none.
    if (a > 0 && (Math.abs(r - g) > 20 || Math.abs(g - b) > 20 || Math.abs(r - b) > 20)) return true;
  }
  return false;
}
