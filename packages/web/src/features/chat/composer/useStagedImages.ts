import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../../app/state/store';
import type { ImageToSend } from '../uploadsSlice';
import { measureImage, refuseImageFile } from './imageFiles';

/** An image in the send dialog: measured, with its preview's object URL, not sent yet. */
export interface StagedImage extends ImageToSend {
  key: string;
  name: string;
}

let nextKey = 1;

/**
 * The images of a chat's send dialog: files picked, pasted or dropped are checked and measured
 * here (a refusal is a toast) and wait until the person sends or cancels. `take` hands them on
 * (their previews go with them); whatever is dropped, cancelled or left behind is let go.
 */
export function useStagedImages() {
  const { t } = useTranslation();
  const showToast = useAppStore((s) => s.showToast);
  const [images, setImages] = useState<StagedImage[]>([]);
  const current = useRef(images);
  current.current = images;

  // Leaving the chat with the dialog open: nothing will show these previews again.
  useEffect(() => () => release(current.current), []);

  async function stage(file: File): Promise<StagedImage | null> {
    const refusal = refuseImageFile(file);
    if (refusal) {
      showToast(t(`composer.${refusal}`, { name: file.name }), 'error');
      return null;
    }
    try {
      const size = await measureImage(file);
      const previewUrl = URL.createObjectURL(file);
      return {
        key: `staged-${nextKey++}`,
        name: file.name,
        blob: file,
        type: file.type,
        ...size,
        previewUrl,
      };
    } catch {
      showToast(t('composer.unreadableImage', { name: file.name }), 'error');
      return null;
    }
  }

  /** Adds files to the dialog (opening it), in the order given. */
  async function add(files: readonly File[]): Promise<void> {
    const staged = (await Promise.all(files.map(stage))).filter((s) => s !== null);
    if (staged.length > 0) setImages((list) => [...list, ...staged]);
  }

  function remove(key: string): void {
    release(current.current.filter((image) => image.key === key));
    setImages((list) => list.filter((image) => image.key !== key));
  }

  /** Cancelled: nothing is sent. */
  function clear(): void {
    release(current.current);
    setImages([]);
  }

  /** The images, to be sent: their previews now belong to the uploads. */
  function take(): StagedImage[] {
    const taken = current.current;
    current.current = [];
    setImages([]);
    return taken;
  }

  return { images, add, remove, clear, take };
}

function release(images: readonly StagedImage[]): void {
  for (const image of images) URL.revokeObjectURL(image.previewUrl);
}
