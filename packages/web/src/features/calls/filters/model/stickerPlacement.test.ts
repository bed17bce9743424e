import { describe, expect, it } from 'vitest';
import { STICKER_IDS } from './filterOptions';
import {
  ART_ASPECT,
  anchorsFromMesh,
  type FaceAnchors,
  MESH_POINTS,
  placeSticker,
  STICKER_ARTS,
  smoothAnchors,
} from './stickerPlacement';

/** An upright face with its eyes 100 px apart around (320, 200), turned by `angle` about the nose. */
function face(angle = 0, scale = 1, shiftX = 0): FaceAnchors {
  const nose = { x: 320 + shiftX, y: 240 };
  const place = (x: number, y: number) => {
    const [dx, dy] = [x * scale, y * scale];
    return {
      x: nose.x + dx * Math.cos(angle) - dy * Math.sin(angle),
      y: nose.y + dx * Math.sin(angle) + dy * Math.cos(angle),
    };
  };
  return {
    leftEye: place(-50, -40),
    rightEye: place(50, -40),
    noseTip: place(0, 0),
    foreheadTop: place(0, -130),
    chin: place(0, 110),
    leftCheek: place(-60, 10),
    rightCheek: place(60, 10),
  };
}

describe('placing stickers', () => {
  it('every sticker has parts, and every part a picture with a shape', () => {
    for (const id of STICKER_IDS) {
      const sprites = placeSticker(id, face());
      expect(sprites.length, id).toBeGreaterThan(0);
      for (const sprite of sprites) {
        expect(STICKER_ARTS).toContain(sprite.art);
        expect(sprite.height / sprite.width).toBeCloseTo(ART_ASPECT[sprite.art], 9);
      }
    }
    expect(STICKER_IDS.length).toBeGreaterThanOrEqual(6);
  });

  it('glasses sit between the eyes, level, as wide as the face', () => {
    const [glasses] = placeSticker('glasses', face());
    expect(glasses).toMatchObject({ x: 320, y: 200, angle: 0 });
    expect(glasses?.width).toBeCloseTo(240, 9);
  });

  it('ears and crowns go above the forehead, blush on both cheeks, hearts on both eyes', () => {
    const upright = face();
    for (const id of ['catEars', 'bunnyEars', 'crown'] as const) {
      const [sprite] = placeSticker(id, upright);
      expect(sprite?.x).toBeCloseTo(320, 9);
      expect(sprite?.y, id).toBeLessThan(upright.foreheadTop.y);
    }
    const blush = placeSticker('blush', upright);
    expect(blush.map((s) => Math.sign(s.x - 320))).toEqual([-1, 1]);
    const hearts = placeSticker('heartEyes', upright);
    expect(hearts.map((s) => [s.x, s.y])).toEqual([
      [upright.leftEye.x, upright.leftEye.y],
      [upright.rightEye.x, upright.rightEye.y],
    ]);
  });

  it('turns with a tilted head and keeps ears above the head along its own up', () => {
    const tilt = Math.PI / 6;
    const tilted = face(tilt);
    const [ears] = placeSticker('catEars', tilted);
    expect(ears?.angle).toBeCloseTo(tilt, 9);
    // Up for a head tilted clockwise points up and to the right in the picture.
    expect(ears?.x).toBeGreaterThan(tilted.foreheadTop.x);
    expect(ears?.y).toBeLessThan(tilted.foreheadTop.y);
    const [glasses] = placeSticker('glasses', tilted);
    expect(glasses?.x).toBeCloseTo((tilted.leftEye.x + tilted.rightEye.x) / 2, 9);
  });

  it('scales with the face and follows it across the frame', () => {
    const [near] = placeSticker('crown', face(0, 2));
    const [far] = placeSticker('crown', face(0, 1));
    expect(near?.width).toBeCloseTo(2 * (far?.width ?? 0), 9);
    const [moved] = placeSticker('crown', face(0, 1, 100));
    expect(moved?.x).toBeCloseTo((far?.x ?? 0) + 100, 9);
    expect(moved?.y).toBeCloseTo(far?.y ?? 0, 9);
  });

  it('places nothing on a face too small to see', () => {
    const dot = face(0, 0.001);
    expect(placeSticker('glasses', dot)).toEqual([]);
  });
});

describe('anchors from a face mesh', () => {
  function mesh(points: Record<number, [number, number]>): number[][] {
    const all: number[][] = Array.from({ length: 468 }, () => [0, 0, 0]);
    for (const [i, [x, y]] of Object.entries(points)) all[Number(i)] = [x, y, 0];
    return all;
  }
  const points: Record<number, [number, number]> = {
    [MESH_POINTS.leftEyeCorners[0]]: [100, 100],
    [MESH_POINTS.leftEyeCorners[1]]: [140, 100],
    [MESH_POINTS.rightEyeCorners[0]]: [180, 100],
    [MESH_POINTS.rightEyeCorners[1]]: [220, 100],
    [MESH_POINTS.noseTip]: [160, 150],
    [MESH_POINTS.foreheadTop]: [160, 40],
    [MESH_POINTS.chin]: [160, 240],
    [MESH_POINTS.leftCheek]: [110, 160],
    [MESH_POINTS.rightCheek]: [210, 160],
  };

  it('takes the eye centres from their corners and scales to the frame', () => {
    const anchors = anchorsFromMesh(mesh(points), 2, 2);
    expect(anchors?.leftEye).toEqual({ x: 240, y: 200 });
    expect(anchors?.rightEye).toEqual({ x: 400, y: 200 });
    expect(anchors?.chin).toEqual({ x: 320, y: 480 });
  });

  it('calls the eye on the picture’s left the left one, whatever the mesh calls it', () => {
    const mirrored = Object.fromEntries(
      Object.entries(points).map(([i, [x, y]]) => [i, [320 - x, y] as [number, number]]),
    );
    const anchors = anchorsFromMesh(mesh(mirrored));
    expect(anchors?.leftEye.x).toBeLessThan(anchors?.rightEye.x ?? 0);
    expect(anchors?.leftCheek.x).toBeLessThan(anchors?.rightCheek.x ?? 0);
  });

  it('gives null for a mesh that lacks points', () => {
    expect(anchorsFromMesh(mesh(points).slice(0, 200))).toBeNull();
    expect(anchorsFromMesh([])).toBeNull();
  });
});

describe('smoothing', () => {
  it('eases small wobbles, jumps after a big move, and starts from the first face', () => {
    const a = face();
    expect(smoothAnchors(null, a, 0.5)).toBe(a);
    const nudged = face(0, 1, 4);
    expect(smoothAnchors(a, nudged, 0.5).noseTip.x).toBeCloseTo(322, 9);
    const far = face(0, 1, 300);
    expect(smoothAnchors(a, far, 0.5)).toBe(far);
  });
});
