import { type FaceAnchors, smoothAnchors } from '../model/stickerPlacement';
import type { TrackerReply, TrackerRequest } from './faceMessages';
import type { FrameImage } from './filterRenderer';
import { HUMAN_BASE_PATH, WASM_BASE_PATH } from './humanAssets';
import { backendsFrom, type TrackerBackend } from './humanConfig';

/**
 * How the stickers' face tracking stands, for stats() and the panel: ready once the models are
 * in and the first look has come back, so that stickers can really follow a face from then on.
 */
export type TrackerState = 'loading' | 'ready' | 'unavailable';

/**
 * The tracker looks at a copy this wide: the detector works at 128 px and the mesh at 192 px
 * of the face, so a larger copy only costs the copy.
 */
const LOOK_WIDTH = 480;
/** How far each new look moves the stickers towards it: enough to follow, little enough to damp jitter. */
const FOLLOW = 0.6;

/** The tfjs backend the tracker runs on, and those that would not start before it. */
export interface TrackerBackendInfo {
  backend: TrackerBackend;
  fellBackFrom: TrackerBackend[];
}

export interface FaceTracker {
  state(): TrackerState;
  /** Known once the models are in: null while loading and when unavailable. */
  backend(): TrackerBackendInfo | null;
  /** Asks for a look at this frame unless one is still under way. */
  offer(image: FrameImage, width: number, height: number): void;
  /** The faces of the latest answer, eased; empty when none was found. */
  faces(): readonly FaceAnchors[];
  stop(): void;
}

/**
 * Starts the worker (which loads human and its two models from our own origin) on `first`, or
 * on the backends after it when that one will not start.
 */
export function startFaceTracker(first: TrackerBackend): FaceTracker {
  const worker = new Worker(new URL('./faceWorker.ts', import.meta.url), {
    type: 'module',
    name: 'liao-face-tracker',
  });
  let state: TrackerState = 'loading';
  /** The models are in: looks may be asked for, though state stays loading until one answers. */
  let loaded = false;
  let running: TrackerBackendInfo | null = null;
  let busy = false;
  let latest: FaceAnchors[] = [];
  let stopped = false;

  const send = (request: TrackerRequest, transfer: Transferable[] = []) =>
    worker.postMessage(request, transfer);
  worker.onmessage = (event: MessageEvent<TrackerReply>) => {
    const reply = event.data;
    if (reply.kind === 'ready') {
      loaded = true;
      running = { backend: reply.backend, fellBackFrom: reply.fellBack.map((f) => f.backend) };
      for (const f of reply.fellBack) {
        console.warn(`Face stickers: the ${f.backend} backend ${f.reason}; using ${reply.backend}.`);
      }
    } else if (reply.kind === 'failed') {
      state = 'unavailable';
      console.warn(`Face stickers are unavailable: ${reply.reason}`);
    } else {
      busy = false;
      if (state === 'loading') state = 'ready';
      // Only one face is tracked (maxDetected 1), so the previous face is the one to ease from.
      latest = reply.faces.map((face, i) => smoothAnchors(latest[i] ?? null, face, FOLLOW));
    }
  };
  worker.onerror = (event) => {
    state = 'unavailable';
    busy = false;
    console.warn(`Face stickers are unavailable: ${event.message}`);
  };
  send({
    kind: 'start',
    backends: backendsFrom(first),
    modelBaseUrl: new URL(HUMAN_BASE_PATH, location.href).href,
    wasmBaseUrl: new URL(WASM_BASE_PATH, location.href).href,
  });

  return {
    state: () => state,
    backend: () => (state === 'unavailable' ? null : running),
    offer(image, width, height) {
      if (!loaded || state === 'unavailable' || busy || stopped) return;
      busy = true;
      const scale = Math.min(1, LOOK_WIDTH / width);
      // A VideoFrame is closed as soon as it is drawn; the copy below outlives that, so it
      // works from a clone of its own.
      const source = image instanceof HTMLVideoElement ? image : image.clone();
      createImageBitmap(source, {
        resizeWidth: Math.round(width * scale),
        resizeHeight: Math.round(height * scale),
        resizeQuality: 'low',
      })
        .then((bitmap) => {
          if (stopped) return bitmap.close();
          send({ kind: 'look', image: bitmap, frameWidth: width, frameHeight: height }, [bitmap]);
        })
        .catch(() => {
          busy = false;
        })
        .finally(() => {
          if (source !== image) (source as VideoFrame).close();
        });
    },
    faces: () => latest,
    stop() {
      stopped = true;
      worker.terminate();
    },
  };
}
