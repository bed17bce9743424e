import { useCallback, useEffect, useRef } from 'react';
import type { LookId } from '../model/filterOptions';
import { lookTable } from '../model/looks';
import { applyLook, stillPicture, THUMB_SIZE } from './lookPixels';

/** How often the thumbnails take a new frame of the camera: they follow the person, not every blink. */
const REFRESH_MS = 1000;

/**
 * Keeps each look's thumbnail showing the look over the camera's picture (or a stand-in until
 * there is one). Returns a ref callback per look; null is 原图.
 */
export function useLookThumbnails(preview: MediaStreamTrack | null) {
  const canvases = useRef(new Map<LookId | 'original', HTMLCanvasElement>());
  const picture = useRef<Uint8ClampedArray>(stillPicture());

  const paint = useCallback((key: LookId | 'original', canvas: HTMLCanvasElement) => {
    const g = canvas.getContext('2d');
    if (!g) return;
    const image = g.createImageData(THUMB_SIZE, THUMB_SIZE);
    applyLook(picture.current, image.data, key === 'original' ? null : lookTable(key));
    g.putImageData(image, 0, 0);
  }, []);

  const paintAll = useCallback(() => {
    for (const [key, canvas] of canvases.current) paint(key, canvas);
  }, [paint]);

  useEffect(() => {
    if (!preview) {
      picture.current = stillPicture();
      paintAll();
      return;
    }
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = new MediaStream([preview]);
    void video.play().catch(() => {});
    const grab = document.createElement('canvas');
    grab.width = THUMB_SIZE;
    grab.height = THUMB_SIZE;
    const g = grab.getContext('2d', { willReadFrequently: true });
    const refresh = () => {
      if (!g || video.videoWidth === 0) return;
      // The middle square of the frame, where a face usually is.
      const side = Math.min(video.videoWidth, video.videoHeight);
      g.drawImage(
        video,
        (video.videoWidth - side) / 2,
        (video.videoHeight - side) / 2,
        side,
        side,
        0,
        0,
        THUMB_SIZE,
        THUMB_SIZE,
      );
      picture.current = g.getImageData(0, 0, THUMB_SIZE, THUMB_SIZE).data;
      paintAll();
    };
    video.addEventListener('loadeddata', refresh);
    const timer = setInterval(refresh, REFRESH_MS);
    return () => {
      clearInterval(timer);
      video.removeEventListener('loadeddata', refresh);
      video.pause();
      video.srcObject = null;
    };
  }, [preview, paintAll]);

  // One ref callback per look for the panel's life: a new one each render would repaint every
  // thumbnail on every move of the beauty slider.
  const refs = useRef(new Map<LookId | 'original', (canvas: HTMLCanvasElement | null) => void>());
  return useCallback(
    (key: LookId | 'original') => {
      let ref = refs.current.get(key);
      if (!ref) {
        ref = (canvas) => {
          if (canvas) {
            canvases.current.set(key, canvas);
            paint(key, canvas);
          } else {
            canvases.current.delete(key);
          }
        };
        refs.current.set(key, ref);
      }
      return ref;
    },
    [paint],
  );
}
