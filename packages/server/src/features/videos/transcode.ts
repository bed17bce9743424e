import { spawn } from 'node:child_process';
import readline from 'node:readline';

/** Longest and shortest side of the stream: 1080p whichever way the phone was held. */
const MAX_LONG_SIDE = 1920;
const MAX_SHORT_SIDE = 1080;
/** The hover/feed preview: small, silent, a few seconds. */
const PREVIEW_SHORT_SIDE = 360;
const PREVIEW_SECONDS = 3;
/** Transcodes run below chat's priority, so messages stay fast while videos are processed. */
const NICENESS = '10';

const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);

/** The size that fits both limits, keeping the aspect; never upscaled; even for yuv420p. */
export function fitSize(
  width: number,
  height: number,
  maxLong = MAX_LONG_SIDE,
  maxShort = MAX_SHORT_SIDE,
): { width: number; height: number } {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  const scale = Math.min(1, maxLong / long, maxShort / short);
  return { width: even(width * scale), height: even(height * scale) };
}

export class FfmpegError extends Error {}

/**
 * Runs ffmpeg niced, reporting progress (0..1 of `durationMs`) from its `-progress` output.
 * Rejects with the last lines of its log when it fails.
 */
function runFfmpeg(
  args: string[],
  durationMs: number,
  onProgress: (fraction: number) => void = () => {},
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'nice',
      [
        '-n',
        NICENESS,
        'ffmpeg',
        '-hide_banner',
        '-nostdin',
        '-y',
        '-progress',
        'pipe:1',
        '-nostats',
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], signal },
    );
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-2000);
    });
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      // out_time_us (out_time_ms is microseconds too, despite its name).
      const match = /^out_time_(?:us|ms)=(\d+)$/.exec(line);
      if (match && durationMs > 0) onProgress(Math.min(1, Number(match[1]) / 1000 / durationMs));
    });
    child.on('error', (error) => reject(new FfmpegError(error.message)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new FfmpegError(`ffmpeg exited with ${code}: ${log.trim().split('\n').slice(-3).join(' | ')}`),
        );
    });
  });
}

export interface TranscodeInput {
  source: string;
  durationMs: number;
  width: number;
  height: number;
}

export interface TranscodeOutput {
  stream: string;
  poster: string;
  preview: string;
}

/**
 * The playable MP4 (H.264 + AAC, faststart), then a JPEG poster from about a second in, then the
 * preview. Progress: the main encode is 90 %, poster and preview the rest.
 */
export async function transcodeVideo(
  input: TranscodeInput,
  out: TranscodeOutput,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<{ width: number; height: number }> {
  const size = fitSize(input.width, input.height);
  await runFfmpeg(
    [
      '-protocol_whitelist',
      'file,pipe',
      '-i',
      `file:${input.source}`,
      '-map',
      '0:v:0',
      '-map',
      '0:a:0?',
      '-vf',
      `scale=${size.width}:${size.height},setsar=1,format=yuv420p`,
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '23',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-ac',
      '2',
      '-movflags',
      '+faststart',
      '-map_metadata',
      '-1',
      '-f',
      'mp4',
      `file:${out.stream}`,
    ],
    input.durationMs,
    (f) => onProgress(f * 0.9),
    signal,
  );
  const posterAt = Math.min(1, input.durationMs / 2000);
  await runFfmpeg(
    [
      '-ss',
      posterAt.toFixed(2),
      '-i',
      `file:${out.stream}`,
      '-frames:v',
      '1',
      '-q:v',
      '4',
      '-f',
      'image2',
      `file:${out.poster}`,
    ],
    0,
    undefined,
    signal,
  );
  onProgress(0.95);
  const preview = fitSize(size.width, size.height, (PREVIEW_SHORT_SIDE * 16) / 9, PREVIEW_SHORT_SIDE);
  await runFfmpeg(
    [
      '-i',
      `file:${out.stream}`,
      '-t',
      String(PREVIEW_SECONDS),
      '-an',
      '-vf',
      `scale=${preview.width}:${preview.height}`,
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '30',
      '-pix_fmt',
      'yuv420p',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      `file:${out.preview}`,
    ],
    0,
    undefined,
    signal,
  );
  onProgress(1);
  return size;
}
