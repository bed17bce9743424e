import type { FaceAnchors } from '../model/stickerPlacement';
import type { TrackerBackend } from './humanConfig';

/** What the engine asks of the face tracker's worker. */
export type TrackerRequest =
  | { kind: 'start'; backend: TrackerBackend; modelBaseUrl: string }
  /** Find faces in `image` (a smaller copy of a frame) and answer in the frame's pixels. */
  | { kind: 'look'; image: ImageBitmap; frameWidth: number; frameHeight: number };

/** What the worker answers. */
export type TrackerReply =
  | { kind: 'ready'; backend: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'faces'; faces: FaceAnchors[] };
