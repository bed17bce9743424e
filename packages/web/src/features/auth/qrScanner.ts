import jsQR from 'jsqr';

/**
 * Reading QR codes from camera frames and photos with jsqr. Frames are scaled down before
 * decoding: jsqr's cost grows with the pixel count, and a code filling part of a 640 px frame
 * is still many pixels per module.
 */

/** The longest side a camera frame is decoded at. */
const FRAME_MAX_SIDE = 640;
/** Photos are sharper and the code may be small in them: decode them larger. */
const PHOTO_MAX_SIDE = 1280;

/** RGBA pixels, as a canvas's ImageData holds them. */
export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** Text of the first QR code in the pixels, or null. */
export function decodeQrPixels(image: Pixels, thorough = false): string | null {
  const found = jsQR(image.data, image.width, image.height, {
    // A camera pointed at a screen sees dark-on-light; a photo may be anything.
    inversionAttempts: thorough ? 'attemptBoth' : 'dontInvert',
  });
  return found ? found.data : null;
}

/** The size to draw a `width`×`height` picture at so its longest side is at most `maxSide`. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function pixelsOf(
  source: CanvasImageSource,
  width: number,
  height: number,
  maxSide: number,
  canvas: HTMLCanvasElement,
): ImageData | null {
  const size = fitWithin(width, height, maxSide);
  if (canvas.width !== size.width) canvas.width = size.width;
  if (canvas.height !== size.height) canvas.height = size.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(source, 0, 0, size.width, size.height);
  return context.getImageData(0, 0, size.width, size.height);
}

/** Decodes the video's current frame, drawn into `canvas` (kept between frames). */
export function decodeVideoFrame(video: HTMLVideoElement, canvas: HTMLCanvasElement): string | null {
  if (video.readyState < video.HAVE_CURRENT_DATA || video.videoWidth === 0) return null;
  const pixels = pixelsOf(video, video.videoWidth, video.videoHeight, FRAME_MAX_SIDE, canvas);
  return pixels ? decodeQrPixels(pixels) : null;
}

/** Decodes a picture the person chose; null when it holds no readable code (or is no picture). */
export async function decodeQrPhoto(file: Blob): Promise<string | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  try {
    const canvas = document.createElement('canvas');
    const pixels = pixelsOf(bitmap, bitmap.width, bitmap.height, PHOTO_MAX_SIDE, canvas);
    return pixels ? decodeQrPixels(pixels, true) : null;
  } finally {
    bitmap.close();
  }
}
