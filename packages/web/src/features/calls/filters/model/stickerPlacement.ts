import type { StickerId } from './filterOptions';

/**
 * Where a face sticker goes, from the landmarks the face tracker found. Pure: landmarks in,
 * sprites (a picture, its centre, size and angle) out, so placement is tested without a face
 * (Chromium's fake camera shows none) and the engine only draws what this returns.
 */

export interface Point {
  x: number;
  y: number;
}

/**
 * The few points of a face the stickers hang on, in the frame's pixels (y down). "Left" is the
 * picture's left: the person's right eye and cheek.
 */
export interface FaceAnchors {
  leftEye: Point;
  rightEye: Point;
  noseTip: Point;
  foreheadTop: Point;
  chin: Point;
  leftCheek: Point;
  rightCheek: Point;
}

/**
 * Indices into the 468-point face mesh (MediaPipe's numbering, which human's facemesh keeps):
 * the corners of each eye, the tip of the nose, the top of the forehead, the chin, and a
 * point on each cheek below the eye.
 */
export const MESH_POINTS = {
  leftEyeCorners: [33, 133],
  rightEyeCorners: [362, 263],
  noseTip: 1,
  foreheadTop: 10,
  chin: 152,
  leftCheek: 205,
  rightCheek: 425,
} as const;

type MeshPoint = readonly (number | undefined)[];

function at(mesh: readonly MeshPoint[], index: number, scaleX: number, scaleY: number): Point | null {
  const p = mesh[index];
  if (!p || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
  return { x: (p[0] ?? 0) * scaleX, y: (p[1] ?? 0) * scaleY };
}

function middle(a: Point, b: Point): Point {
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

/**
 * The anchors from a face mesh given in the tracker's pixels, scaled to the frame's (the
 * tracker looks at a smaller copy). Null when the mesh lacks a point.
 */
export function anchorsFromMesh(mesh: readonly MeshPoint[], scaleX = 1, scaleY = 1): FaceAnchors | null {
  const p = (i: number) => at(mesh, i, scaleX, scaleY);
  const [l0, l1] = MESH_POINTS.leftEyeCorners.map(p);
  const [r0, r1] = MESH_POINTS.rightEyeCorners.map(p);
  const noseTip = p(MESH_POINTS.noseTip);
  const foreheadTop = p(MESH_POINTS.foreheadTop);
  const chin = p(MESH_POINTS.chin);
  const leftCheek = p(MESH_POINTS.leftCheek);
  const rightCheek = p(MESH_POINTS.rightCheek);
  if (!l0 || !l1 || !r0 || !r1 || !noseTip || !foreheadTop || !chin || !leftCheek || !rightCheek) return null;
  const face = {
    leftEye: middle(l0, l1),
    rightEye: middle(r0, r1),
    noseTip,
    foreheadTop,
    chin,
    leftCheek,
    rightCheek,
  };
  // Whichever side a mesh calls left, left here is the picture's left: a face in a call is
  // never upside down, so the eye further left is the left one (a mirrored source stays right).
  if (face.leftEye.x <= face.rightEye.x) return face;
  return {
    ...face,
    leftEye: face.rightEye,
    rightEye: face.leftEye,
    leftCheek: rightCheek,
    rightCheek: leftCheek,
  };
}

/** The pictures stickers are made of, each drawn once into the engine's sticker texture. */
export const STICKER_ARTS = [
  'catEars',
  'glasses',
  'blush',
  'bunnyEars',
  'crown',
  'heart',
  'puppyNose',
] as const;
export type StickerArt = (typeof STICKER_ARTS)[number];

/** Height over width of each picture, as stickerArt.ts draws it. */
export const ART_ASPECT: Record<StickerArt, number> = {
  catEars: 0.5,
  glasses: 0.4,
  blush: 0.6,
  bunnyEars: 1.1,
  crown: 0.6,
  heart: 0.9,
  puppyNose: 0.7,
};

type Anchor = 'betweenEyes' | 'foreheadTop' | 'noseTip' | 'leftCheek' | 'rightCheek' | 'leftEye' | 'rightEye';

interface StickerPart {
  art: StickerArt;
  anchor: Anchor;
  /** Width in eye distances (the gap between the eyes' centres), so a sticker scales with the face. */
  width: number;
  /** How far the centre moves towards the top of the head, in eye distances. */
  up: number;
}

/** What each sticker is made of and where its parts sit on a face. */
export const STICKER_PARTS: Record<StickerId, readonly StickerPart[]> = {
  catEars: [{ art: 'catEars', anchor: 'foreheadTop', width: 3, up: 0.55 }],
  glasses: [{ art: 'glasses', anchor: 'betweenEyes', width: 2.4, up: 0 }],
  blush: [
    { art: 'blush', anchor: 'leftCheek', width: 0.85, up: 0.1 },
    { art: 'blush', anchor: 'rightCheek', width: 0.85, up: 0.1 },
  ],
  bunnyEars: [{ art: 'bunnyEars', anchor: 'foreheadTop', width: 2.2, up: 1.25 }],
  crown: [{ art: 'crown', anchor: 'foreheadTop', width: 1.9, up: 0.6 }],
  heartEyes: [
    { art: 'heart', anchor: 'leftEye', width: 0.9, up: 0 },
    { art: 'heart', anchor: 'rightEye', width: 0.9, up: 0 },
  ],
  puppyNose: [{ art: 'puppyNose', anchor: 'noseTip', width: 0.95, up: 0 }],
};

/** One picture placed on the frame: centre and size in pixels, angle in radians (clockwise, y down). */
export interface Sprite {
  art: StickerArt;
  x: number;
  y: number;
  width: number;
  height: number;
  angle: number;
}

function anchorPoint(face: FaceAnchors, anchor: Anchor): Point {
  return anchor === 'betweenEyes' ? middle(face.leftEye, face.rightEye) : face[anchor];
}

/** The sprites that draw `sticker` on `face`: they scale with the eye distance and turn with the eye line. */
export function placeSticker(sticker: StickerId, face: FaceAnchors): Sprite[] {
  const dx = face.rightEye.x - face.leftEye.x;
  const dy = face.rightEye.y - face.leftEye.y;
  const eyeDistance = Math.hypot(dx, dy);
  if (eyeDistance < 1) return [];
  const angle = Math.atan2(dy, dx);
  // The face's up in picture coordinates: the eye line turned a quarter anticlockwise.
  const upX = dy / eyeDistance;
  const upY = -dx / eyeDistance;
  return STICKER_PARTS[sticker].map((part) => {
    const anchor = anchorPoint(face, part.anchor);
    const width = part.width * eyeDistance;
    return {
      art: part.art,
      x: anchor.x + upX * part.up * eyeDistance,
      y: anchor.y + upY * part.up * eyeDistance,
      width,
      height: width * ART_ASPECT[part.art],
      angle,
    };
  });
}

/**
 * Eases anchors towards the newest ones: landmarks wobble by a pixel or two between frames,
 * and a sticker that shakes looks broken. `follow` is how much of the way to go (1 jumps);
 * a face that moved far (more than an eye distance) is followed at once rather than slid after.
 */
export function smoothAnchors(previous: FaceAnchors | null, next: FaceAnchors, follow: number): FaceAnchors {
  if (!previous) return next;
  const eyeDistance = Math.hypot(next.rightEye.x - next.leftEye.x, next.rightEye.y - next.leftEye.y);
  const moved = Math.hypot(next.noseTip.x - previous.noseTip.x, next.noseTip.y - previous.noseTip.y);
  if (moved > eyeDistance) return next;
  const ease = (a: Point, b: Point): Point => ({
    x: a.x + (b.x - a.x) * follow,
    y: a.y + (b.y - a.y) * follow,
  });
  return {
    leftEye: ease(previous.leftEye, next.leftEye),
    rightEye: ease(previous.rightEye, next.rightEye),
    noseTip: ease(previous.noseTip, next.noseTip),
    foreheadTop: ease(previous.foreheadTop, next.foreheadTop),
    chin: ease(previous.chin, next.chin),
    leftCheek: ease(previous.leftCheek, next.leftCheek),
    rightCheek: ease(previous.rightCheek, next.rightCheek),
  };
}
