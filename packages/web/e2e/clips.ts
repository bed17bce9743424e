import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ClipShape {
  /** The file's name, which the upload dialog shows (default clip.mp4). */
  name?: string;
  width?: number;
  height?: number;
  seconds?: number;
}

/**
 * A real clip with sound (H.264 test pattern, AAC tone), made by ffmpeg in `dir`: a few kB,
 * vertical unless told otherwise. Returns its path, for a file chooser.
 */
export async function makeClipFile(dir: string, shape: ClipShape = {}): Promise<string> {
  const { name = 'clip.mp4', width = 180, height = 320, seconds = 2 } = shape;
  const file = path.join(dir, name);
  await run('ffmpeg', [
    ...['-v', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=15:duration=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest'],
    file,
  ]);
  return file;
}

/** The same kind of clip as bytes, for uploading through the SDK. */
export async function makeClipBytes(shape: ClipShape = {}): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-e2e-clip-'));
  try {
    return fs.readFileSync(await makeClipFile(dir, shape));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
