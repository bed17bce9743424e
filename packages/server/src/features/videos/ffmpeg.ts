import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Answers for each search path already asked: tests start hundreds of servers in one process. */
const known = new Map<string, boolean>();

/**
 * Whether ffmpeg and ffprobe run here, found on `searchPath` (the PATH the server was started
 * with). Without them no video can be checked or transcoded: the server starts all the same,
 * says so, refuses uploads with VIDEOS_UNAVAILABLE and takes no transcode jobs.
 */
export function ffmpegRuns(searchPath: string): boolean {
  let found = known.get(searchPath);
  if (found === undefined) {
    found = ['ffmpeg', 'ffprobe'].every((tool) => {
      const file = onPath(tool, searchPath);
      return (
        file !== null && spawnSync(file, ['-version'], { stdio: 'ignore', timeout: 10_000 }).status === 0
      );
    });
    known.set(searchPath, found);
  }
  return found;
}

function onPath(tool: string, searchPath: string): string | null {
  const names = process.platform === 'win32' ? [`${tool}.exe`] : [tool];
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const file = path.join(dir, name);
      if (fs.existsSync(file)) return file;
    }
  }
  return null;
}

/** What the server prints in its first lines when videos are off. */
export const FFMPEG_MISSING = [
  'Videos are off: ffmpeg is not installed on this server, and posting a video needs it.',
  'Install it, then start Liao again:',
  '  Debian, Ubuntu: sudo apt-get install ffmpeg',
  '  macOS:          brew install ffmpeg',
  '  Windows:        winget install --id Gyan.FFmpeg',
].join('\n');
