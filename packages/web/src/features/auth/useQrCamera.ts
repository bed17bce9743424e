import { type RefObject, useEffect, useRef, useState } from 'react';

/** Where the camera stands: each refusal gets its own words on the Scan screen. */
export type CameraStatus = 'starting' | 'live' | 'denied' | 'absent' | 'unsupported' | 'failed';

/** Decoding every frame would keep a phone's CPU busy; ten looks a second finds a code as fast. */
const DECODE_EVERY_MS = 100;

function statusOfError(error: unknown): CameraStatus {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'absent';
  return 'failed';
}

/**
 * Opens the back camera into `videoRef` and decodes QR codes from its frames until unmounted;
 * `onText` gets each decoded text (the caller decides whether it is a sign-in code). A new
 * `attempt` starts the camera again (after the person fixed a refusal).
 */
export function useQrCamera(
  videoRef: RefObject<HTMLVideoElement | null>,
  onText: (text: string) => void,
  attempt: number,
): CameraStatus {
  const [status, setStatus] = useState<CameraStatus>('starting');
  // The newest handler, without restarting the camera each time the screen redraws.
  const textHandler = useRef(onText);
  textHandler.current = onText;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new attempt reopens the camera
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    if (!globalThis.navigator?.mediaDevices?.getUserMedia) {
      setStatus('unsupported');
      return;
    }
    setStatus('starting');
    const canvas = document.createElement('canvas');
    let stream: MediaStream | null = null;
    let frame = 0;
    let lastLook = 0;
    let stopped = false;

    // jsqr is loaded with the camera, not with the app: only the phone's Scan screen needs it.
    let decodeVideoFrame: ((video: HTMLVideoElement, canvas: HTMLCanvasElement) => string | null) | null =
      null;
    const scanner = import('./qrScanner').then((lib) => {
      decodeVideoFrame = lib.decodeVideoFrame;
    });

    const look = (now: number) => {
      if (stopped) return;
      if (decodeVideoFrame && now - lastLook >= DECODE_EVERY_MS) {
        lastLook = now;
        const text = decodeVideoFrame(video, canvas);
        if (text) textHandler.current(text);
      }
      frame = requestAnimationFrame(look);
    };

    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(async (opened) => {
        if (stopped) {
          for (const track of opened.getTracks()) track.stop();
          return;
        }
        stream = opened;
        video.srcObject = opened;
        await video.play().catch(() => {
          // Autoplay of a muted inline video is allowed; frames are read either way.
        });
        setStatus('live');
        await scanner;
        if (!stopped) frame = requestAnimationFrame(look);
      })
      .catch((error: unknown) => {
        if (!stopped) setStatus(statusOfError(error));
      });

    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      for (const track of stream?.getTracks() ?? []) track.stop();
      video.srcObject = null;
    };
  }, [videoRef, attempt]);

  return status;
}
