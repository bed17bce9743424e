import { type FilterOptions, normalizeFilterOptions } from '../model/filterOptions';
import { lookTable } from '../model/looks';
import { type FilterLevel, FrameRateMeter, initialPace, LEVEL_SETTINGS, nextPace } from '../model/stepDown';
import { placeSticker, type Sprite } from '../model/stickerPlacement';
import {
  type FaceTracker,
  startFaceTracker,
  type TrackerBackendInfo,
  type TrackerState,
} from './faceTracker';
import { FilterRenderer } from './filterRenderer';
import { startFrameSource } from './frameSource';
import { chooseBackend } from './humanConfig';

export interface FilterStats {
  /** Frames sent over the last two seconds, per second. */
  fps: number;
  /** How much work each frame gets; below 'full' the panel says the filters were eased. */
  level: FilterLevel;
  /** The face tracking behind stickers: off when no sticker is chosen. */
  stickers: 'off' | TrackerState;
  /**
   * The tfjs backend the face tracking runs on (WebGL on a real GPU, WebAssembly otherwise) and
   * any that would not start before it, so a fall back to the slow CPU kernels shows. Null
   * until the models are in, and when stickers are off or unavailable.
   */
  stickerBackend: TrackerBackendInfo | null;
}

export interface FilteredCamera {
  /** The filtered video, what the call sends: the input's size, at the camera's rate up to 30 fps. */
  track: MediaStreamTrack;
  /** Changes the filters; the track stays the same, so a call need not renegotiate. */
  set(options: FilterOptions): void;
  stats(): FilterStats;
  /** Stops the output track and frees the GPU and the tracker. The input track is the caller's. */
  stop(): void;
}

/** How often the frame rate is judged for stepping down: the meter keeps two seconds. */
const JUDGE_EVERY_MS = 1000;

/** Whether this browser can filter: WebGL2 and a canvas that can be captured as a track. */
export function supportsFilters(): boolean {
  if (typeof document === 'undefined') return false;
  const canvas = document.createElement('canvas');
  if (typeof canvas.captureStream !== 'function') return false;
  const gl = canvas.getContext('webgl2');
  gl?.getExtension('WEBGL_lose_context')?.loseContext();
  return gl !== null;
}

/**
 * Runs the camera's frames through the filters into a canvas and captures that as a track.
 * Throws where supportsFilters() is false; the call then sends the camera as it is.
 */
export function createFilteredCamera(input: MediaStreamTrack, options: FilterOptions): FilteredCamera {
  let current = normalizeFilterOptions(options);
  const settings = input.getSettings();
  const canvas = document.createElement('canvas');
  canvas.width = settings.width ?? 640;
  canvas.height = settings.height ?? 480;
  const renderer = new FilterRenderer(canvas);
  renderer.setLook(current.look ? lookTable(current.look) : null);
  // A rate of 0: a frame goes out exactly when one is drawn (requestFrame), never a repeat.
  const output = canvas.captureStream(0).getVideoTracks()[0] as CanvasCaptureMediaStreamTrack | undefined;
  if (!output) {
    renderer.dispose();
    throw new Error('The canvas gave no video track.');
  }
  const backend = chooseBackend(renderer.rendererName());
  let tracker: FaceTracker | null = null;
  const syncTracker = () => {
    if (current.sticker && !tracker) tracker = startFaceTracker(backend);
    if (!current.sticker && tracker) {
      tracker.stop();
      tracker = null;
    }
  };
  syncTracker();

  const meter = new FrameRateMeter(performance.now());
  let pace = initialPace(performance.now());
  let judgedAt = performance.now();
  let frames = 0;
  let failed = false;

  const source = startFrameSource(input, (frame) => {
    const now = performance.now();
    frames++;
    const { landmarkEvery } = LEVEL_SETTINGS[pace.level];
    let sprites: Sprite[] = [];
    const sticker = current.sticker;
    if (tracker && sticker) {
      if (frames % landmarkEvery === 0) tracker.offer(frame.image, frame.width, frame.height);
      sprites = tracker.faces().flatMap((face) => placeSticker(sticker, face));
    }
    try {
      renderer.draw(frame.image, frame.width, frame.height, {
        beauty: current.beauty,
        level: pace.level,
        sprites,
      });
      output.requestFrame();
      meter.tick(now);
    } catch (error) {
      // Said once: a broken GPU fails every frame the same way.
      if (!failed) console.error('Call filters could not draw a frame:', error);
      failed = true;
    }
    if (now - judgedAt >= JUDGE_EVERY_MS) {
      judgedAt = now;
      pace = nextPace(pace, {
        now,
        outputFps: meter.rate(now),
        sourceFps: input.getSettings().frameRate ?? 0,
      });
    }
  });

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    source.stop();
    tracker?.stop();
    tracker = null;
    output.stop();
    renderer.dispose();
    input.removeEventListener('ended', stop);
  };
  // The camera went away (unplugged, permission withdrawn): so does what was made of it.
  input.addEventListener('ended', stop);

  return {
    track: output,
    set(next) {
      if (stopped) return;
      const previousLook = current.look;
      current = normalizeFilterOptions(next);
      if (current.look !== previousLook) renderer.setLook(current.look ? lookTable(current.look) : null);
      syncTracker();
    },
    stats() {
      return {
        fps: Math.round(meter.rate(performance.now()) * 10) / 10,
        level: pace.level,
        stickers: tracker ? tracker.state() : 'off',
        stickerBackend: tracker ? tracker.backend() : null,
      };
    },
    stop,
  };
}
