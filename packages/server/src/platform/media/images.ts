import sharp, { type Metadata } from 'sharp';
import { AppError } from '../errors';

/**
 * Pixel cap checked from the header before anything is decoded, so that a small file that
 * claims 100,000 × 100,000 pixels (a decompression bomb) is refused without allocating it.
 */
export const MAX_INPUT_PIXELS = 50_000_000;
const ACCEPTED_FORMATS: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp', 'gif', 'heif', 'avif', 'tiff']);

export interface ProcessedImage {
  data: Buffer;
  width: number;
  height: number;
  mime: string;
}

export interface InspectOptions {
  formats?: ReadonlySet<string>;
  /** Counts the pixels of every frame, for callers that decode them all (animations). */
  allFrames?: boolean;
}

/**
 * Reads the header only: format and size, refusing what is not an image of the accepted
 * formats and what has more pixels than the cap.
 */
export async function inspect(input: Buffer, options: InspectOptions = {}): Promise<Metadata> {
  const formats = options.formats ?? ACCEPTED_FORMATS;
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new AppError('INVALID_IMAGE', 'The file is not an image.', undefined, { cause: error });
  }
  if (!meta.format || !formats.has(meta.format) || !meta.width || !meta.height) {
    throw new AppError('INVALID_IMAGE', 'The file is not a PNG, JPEG, WebP, GIF or HEIC image.');
  }
  const frames = options.allFrames ? Math.max(1, meta.pages ?? 1) : 1;
  if (meta.width * meta.height * frames > MAX_INPUT_PIXELS) {
    throw new AppError('IMAGE_TOO_LARGE', `The image has more than ${MAX_INPUT_PIXELS} pixels.`);
  }
  return meta;
}

/**
 * An avatar: square, 256 px, WebP, orientation applied and every metadata block (EXIF,
 * GPS, ICC) dropped. The original is never kept.
 */
export async function makeAvatar(input: Buffer): Promise<ProcessedImage> {
  await inspect(input);
  const size = 256;
  try {
    const data = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize(size, size, { fit: 'cover', position: 'attention' })
      .webp({ quality: 82 })
      .toBuffer();
    return { data, width: size, height: size, mime: 'image/webp' };
  } catch (error) {
    throw new AppError('INVALID_IMAGE', 'The image could not be decoded.', undefined, { cause: error });
  }
}
