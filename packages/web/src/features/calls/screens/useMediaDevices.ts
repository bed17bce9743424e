import { useEffect, useState } from 'react';

/** The cameras, microphones and speakers the browser lists, kept fresh as devices come and go. */
export function useMediaDevices(): MediaDeviceInfo[] {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  useEffect(() => {
    const media = navigator.mediaDevices;
    if (!media?.enumerateDevices) return;
    let live = true;
    const read = () =>
      media
        .enumerateDevices()
        .then((list) => live && setDevices(list.filter((d) => d.deviceId !== '')))
        .catch(() => {});
    void read();
    media.addEventListener('devicechange', read);
    return () => {
      live = false;
      media.removeEventListener('devicechange', read);
    };
  }, []);
  return devices;
}

/** Whether a page may pick the speaker (setSinkId: Chromium, Firefox; not Safari). */
export const canPickSpeaker =
  typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/** Screen sharing exists on desktop browsers only. */
export const canShareScreen =
  typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';
