import { useState } from 'react';
import { avatarColor, avatarInitial } from '../lib/avatar';
import './GroupMosaic.css';

export interface MosaicFace {
  /** Whose picture (a stable key: the user id). */
  id: string;
  /** The person's own name: the default picture's character and colour. */
  name: string;
  avatarUrl: string | null;
}

type Props = {
  /** Up to nine members, in the order they joined; more are ignored. */
  faces: readonly MosaicFace[];
  size?: number;
};

const MAX_FACES = 9;

/** Where each tile goes: up to 4 faces on a 2×2 grid, up to 9 on 3×3; the short row on top, centred. */
export function mosaicLayout(count: number, size: number): { x: number; y: number; side: number }[] {
  const n = Math.min(count, MAX_FACES);
  if (n === 0) return [];
  const columns = n === 1 ? 1 : n <= 4 ? 2 : 3;
  const rows = Math.ceil(n / columns);
  const gap = Math.max(1, Math.round(size / 24));
  const side = (size - gap * (columns + 1)) / columns;
  const top = (size - rows * side - (rows - 1) * gap) / 2;
  const firstRow = n - (rows - 1) * columns;
  const tiles: { x: number; y: number; side: number }[] = [];
  for (let i = 0; i < n; i++) {
    const row = i < firstRow ? 0 : 1 + Math.floor((i - firstRow) / columns);
    const inRow = row === 0 ? firstRow : columns;
    const column = row === 0 ? i : (i - firstRow) % columns;
    const left = (size - inRow * side - (inRow - 1) * gap) / 2;
    tiles.push({ x: left + column * (side + gap), y: top + row * (side + gap), side });
  }
  return tiles;
}

/** A group's picture as in WeChat: its members' avatars tiled on a grey square. */
export function GroupMosaic({ faces, size = 40 }: Props) {
  const tiles = mosaicLayout(faces.length, size);
  return (
    <span
      className="mosaic"
      aria-hidden="true"
      style={{ width: size, height: size, borderRadius: Math.max(4, Math.round(size * 0.12)) }}
    >
      {tiles.map((tile, i) => {
        const face = faces[i];
        return face ? <Tile key={face.id} face={face} {...tile} /> : null;
      })}
    </span>
  );
}

function Tile({ face, x, y, side }: { face: MosaicFace; x: number; y: number; side: number }) {
  const [failed, setFailed] = useState(false);
  const style = { left: x, top: y, width: side, height: side };
  if (face.avatarUrl && !failed) {
    return (
      <img
        className="mosaic__tile"
        src={face.avatarUrl}
        alt=""
        style={style}
        draggable={false}
        onError={() => setFailed(true)}
      />
    );
  }
  return (
    <span
      className="mosaic__tile mosaic__tile--initial"
      style={{ ...style, background: avatarColor(face.name), fontSize: Math.round(side * 0.5) }}
    >
      {avatarInitial(face.name)}
    </span>
  );
}
