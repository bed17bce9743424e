import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BenchClip {
  bytes: Uint8Array;
  seconds: number;
  width: number;
  height: number;
}

/**
 * A clip as a phone records one: 1080p at 30 fps, H.264 with an AAC tone, made by ffmpeg from
 * its moving test pattern (testsrc2, which changes every frame, so the encoder has real work).
 */
export async function makeBenchClip(seconds = 30): Promise<BenchClip> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liao-bench-clip-'));
  const file = path.join(dir, 'clip.mp4');
  const [width, height] = [1920, 1080];
  try {
    await run('ffmpeg', [
      ...['-v', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=30:duration=${seconds}`],
      ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
      ...['-c:a', 'aac', '-shortest', file],
    ]);
    return { bytes: new Uint8Array(fs.readFileSync(file)), seconds, width, height };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
