import { MAX_IMAGE_BYTES } from '@liao/protocol';

export type ImageRefusal = 'notAnImage' | 'imageTooLarge';

/**
 * Why a file cannot be sent as an image, judged by what the browser says of it (the server
 * checks the bytes again): null when it may be tried.
 */
export function refuseImageFile(file: Pick<File, 'type' | 'size'>): ImageRefusal | null {
  if (!file.type.startsWith('image/')) return 'notAnImage';
  if (file.size > MAX_IMAGE_BYTES) return 'imageTooLarge';
  return null;
}

/**
 * An image's pixel size as the browser decodes it (EXIF rotation applied, as the server does),
 * so the bubble has its true shape before the upload ends. Rejects what the browser cannot decode.
 */
export async function measureImage(blob: Blob): Promise<{ width: number; height: number }> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
      const size = { width: bitmap.width, height: bitmap.height };
      bitmap.close();
      return size;
    } catch {
      // Some formats (HEIC in most browsers) only an <img> may read, or nothing here can: try it.
    }
  }
  const url = URL.createObjectURL(blob);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return { width: img.naturalWidth, height: img.naturalHeight };
  } finally {
    URL.revokeObjectURL(url);
  }
}
