import type { FrameImage } from './filterRenderer';

/**
 * Camera frames, one callback per frame, by the best way this browser has:
 * - MediaStreamTrackProcessor (Chromium): VideoFrames straight from the track, which keep
 *   coming while the tab is hidden, so the other side still gets video then;
 * - a <video> element with requestVideoFrameCallback (Safari, Firefox): once per new frame;
 * - a <video> element with requestAnimationFrame where neither exists: once per display frame.
 * The two <video> ways pause while the tab is hidden, as browsers stop painting it.
 */

/** The track processor's shape, which TypeScript's DOM library does not carry yet. */
interface TrackProcessor {
  readable: ReadableStream<VideoFrame>;
}
type TrackProcessorConstructor = new (init: {
  track: MediaStreamTrack;
  maxBufferSize?: number;
}) => TrackProcessor;

export interface Frame {
  image: FrameImage;
  width: number;
  height: number;
}

export interface FrameSource {
  readonly kind: 'track-processor' | 'video-frame-callback' | 'animation-frame';
  stop(): void;
}

function trackProcessor(): TrackProcessorConstructor | null {
  const candidate = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorConstructor })
    .MediaStreamTrackProcessor;
  return typeof candidate === 'function' ? candidate : null;
}

/**
 * Calls `onFrame` for each camera frame until stopped. The frame is only valid during the call:
 * the source closes VideoFrames right after, since each holds camera memory.
 */
export function startFrameSource(track: MediaStreamTrack, onFrame: (frame: Frame) => void): FrameSource {
  const Processor = trackProcessor();
  return Processor ? fromTrackProcessor(Processor, track, onFrame) : fromVideoElement(track, onFrame);
}

function fromTrackProcessor(
  Processor: TrackProcessorConstructor,
  track: MediaStreamTrack,
  onFrame: (frame: Frame) => void,
): FrameSource {
  // One frame waiting at most: when drawing falls behind, older frames are dropped, not queued,
  // so what is sent stays live.
  const reader = new Processor({ track, maxBufferSize: 1 }).readable.getReader();
  let stopped = false;
  void (async () => {
    while (!stopped) {
      const { value: frame, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done || !frame) break;
      try {
        if (!stopped) onFrame({ image: frame, width: frame.displayWidth, height: frame.displayHeight });
      } finally {
        frame.close();
      }
    }
  })();
  return {
    kind: 'track-processor',
    stop() {
      stopped = true;
      void reader.cancel().catch(() => {});
    },
  };
}

function fromVideoElement(track: MediaStreamTrack, onFrame: (frame: Frame) => void): FrameSource {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  void video.play().catch(() => {});
  let stopped = false;
  const emit = () => {
    if (!stopped && video.videoWidth > 0 && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
      onFrame({ image: video, width: video.videoWidth, height: video.videoHeight });
    }
  };
  const usesFrameCallback = 'requestVideoFrameCallback' in HTMLVideoElement.prototype;
  let handle = 0;
  if (usesFrameCallback) {
    const next = () => {
      emit();
      if (!stopped) handle = video.requestVideoFrameCallback(next);
    };
    handle = video.requestVideoFrameCallback(next);
  } else {
    // Without a per-frame callback every display frame would be drawn, 60 or more a second:
    // a call needs no more than 30.
    let last = 0;
    const next = (now: number) => {
      if (now - last >= 1000 / 30 - 2) {
        last = now;
        emit();
      }
      if (!stopped) handle = requestAnimationFrame(next);
    };
    handle = requestAnimationFrame(next);
  }
  return {
    kind: usesFrameCallback ? 'video-frame-callback' : 'animation-frame',
    stop() {
      stopped = true;
      if (usesFrameCallback) video.cancelVideoFrameCallback(handle);
      else cancelAnimationFrame(handle);
      video.pause();
      video.srcObject = null;
    },
  };
}
