import type { FaceAnchors } from '../model/stickerPlacement';
import type { TrackerBackend } from './humanConfig';

/** What the engine asks of the face tracker's worker. */
export type TrackerRequest =
  /** Start on the first of `backends` that comes up; the URLs are absolute, on our origin. */
  | { kind: 'start'; backends: TrackerBackend[]; modelBaseUrl: string; wasmBaseUrl: string }
  /** Find faces in `image` (a smaller copy of a frame) and answer in the frame's pixels. */
  | { kind: 'look'; image: ImageBitmap; frameWidth: number; frameHeight: number };

/** What the worker answers. */
export type TrackerReply =
  /** The models are in, running on `backend`; `fellBack` are the backends tried before it. */
  | { kind: 'ready'; backend: TrackerBackend; fellBack: { backend: TrackerBackend; reason: string }[] }
  | { kind: 'failed'; reason: string }
  | { kind: 'faces'; faces: FaceAnchors[] };
