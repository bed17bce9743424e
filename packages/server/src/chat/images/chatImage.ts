import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { AppError } from '../../platform/errors';
import { inspect, MAX_INPUT_PIXELS } from '../../platform/media/images';

/** Formats a chat image may arrive in (sharp calls HEIC and AVIF both 'heif'). */
const CHAT_FORMATS: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp', 'gif', 'heif']);
/** The long side of a stored image: sharp on a phone screen and most desktop windows. */
export const MAX_IMAGE_SIDE = 4096;
/** The box a thumbnail fits in: a chat bubble is at most about 300 px wide. */
export const THUMB_SIDE = 400;

export interface EncodedImage {
  data: Buffer;
  width: number;
  height: number;
  mime: string;
}

export interface ChatImage {
  image: EncodedImage;
  thumb: EncodedImage;
}

/**
 * A chat image, checked by content and re-encoded: turned upright by its EXIF orientation,
 * every metadata block (EXIF, GPS, ICC, XMP) dropped, the long side at most MAX_IMAGE_SIDE.
 * Photos (JPEG) stay JPEG; everything else becomes WebP, and an animated GIF or WebP stays
 * animated (as WebP). The thumbnail is a still WebP (the first frame) within THUMB_SIDE.
 */
export async function makeChatImage(input: Buffer): Promise<ChatImage> {
  const meta = await inspect(input, { formats: CHAT_FORMATS, allFrames: true });
  const animated = (meta.pages ?? 1) > 1 && (meta.format === 'gif' || meta.format === 'webp');
  try {
    const image = await encode(
      sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', animated })
        .rotate()
        .resize(MAX_IMAGE_SIDE, MAX_IMAGE_SIDE, { fit: 'inside', withoutEnlargement: true }),
      meta.format === 'jpeg' && !animated ? 'jpeg' : 'webp',
    );
    const thumb = await encode(
      sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
        .rotate()
        .resize(THUMB_SIDE, THUMB_SIDE, { fit: 'inside', withoutEnlargement: true }),
      'webp',
    );
    return { image, thumb };
  } catch (error) {
    throw new AppError('INVALID_IMAGE', 'The image could not be decoded.', undefined, { cause: error });
  }
}

async function encode(pipeline: Sharp, format: 'jpeg' | 'webp'): Promise<EncodedImage> {
  const { data, info } =
    format === 'jpeg'
      ? await pipeline.jpeg({ quality: 85, mozjpeg: true }).toBuffer({ resolveWithObject: true })
      : await pipeline.webp({ quality: 85 }).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: frameHeight(info), mime: `image/${format}` };
}

/** An animation comes out as a strip of frames; its picture is one frame high. */
function frameHeight(info: OutputInfo): number {
  return info.pageHeight ?? info.height;
}
