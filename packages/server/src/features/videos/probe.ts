import { execFile } from 'node:child_process';
import fsp from 'node:fs/promises';
import { AppError } from '../../platform/errors';

/**
 * Demuxers ffprobe may use. Everything else is refused before it opens the file, so that
 * playlists (hls, concat, ffconcat), image sequences and raw streams never get a say: they are
 * how a "video" makes the server read other files or fetch URLs.
 */
const ALLOWED_DEMUXERS = 'mov,mp4,m4a,3gp,3g2,mj2,matroska,webm';
/** Only local files: even an allowed demuxer must not open a URL named inside the file. */
const ALLOWED_PROTOCOLS = 'file';

/** Largest picture we transcode; beyond this a "short video" is a decoding bomb. */
const MAX_PIXELS = 4096 * 4096;

export interface ProbedVideo {
  container: 'mp4' | 'webm';
  durationMs: number;
  /** As displayed, after the rotation a phone recorded. */
  width: number;
  height: number;
  hasAudio: boolean;
}

interface FfprobeStream {
  codec_type?: string;
  width?: number;
  height?: number;
  duration?: string;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string };
  side_data_list?: { rotation?: number }[];
}
interface FfprobeOutput {
  format?: { format_name?: string; duration?: string };
  streams?: FfprobeStream[];
}

/** The file's first bytes: an ISO base media box header (ftyp) or an EBML header (Matroska/WebM). */
async function sniffContainer(file: string): Promise<'mp4' | 'webm' | null> {
  const handle = await fsp.open(file, 'r');
  try {
    const head = Buffer.alloc(12);
    const { bytesRead } = await handle.read(head, 0, 12, 0);
    if (bytesRead >= 12 && head.toString('latin1', 4, 8) === 'ftyp') return 'mp4';
    if (bytesRead >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
    return null;
  } finally {
    await handle.close();
  }
}

function runFfprobe(file: string): Promise<FfprobeOutput | null> {
  const args = [
    '-v',
    'error',
    '-protocol_whitelist',
    ALLOWED_PROTOCOLS,
    '-format_whitelist',
    ALLOWED_DEMUXERS,
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    `file:${file}`,
  ];
  return new Promise((resolve) => {
    execFile('ffprobe', args, { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout) => {
      if (error) return resolve(null);
      try {
        resolve(JSON.parse(stdout) as FfprobeOutput);
      } catch {
        resolve(null);
      }
    });
  });
}

function rotationOf(stream: FfprobeStream): number {
  const side = stream.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation;
  const rotation = side ?? Number(stream.tags?.rotate ?? 0);
  return Number.isFinite(rotation) ? Math.abs(rotation) % 180 : 0;
}

/**
 * Checks an upload by its content and returns what the transcode needs, or refuses with
 * INVALID_VIDEO (not a container we take, no video stream, unreadable) or VIDEO_TOO_LONG.
 */
export async function probeVideo(file: string, maxDurationMs: number): Promise<ProbedVideo> {
  const container = await sniffContainer(file);
  if (!container) throw new AppError('INVALID_VIDEO', 'Not an MP4, MOV or WebM file.');
  const probed = await runFfprobe(file);
  const format = probed?.format?.format_name ?? '';
  const demuxers = new Set(format.split(','));
  const expected = container === 'mp4' ? ['mov', 'mp4'] : ['matroska', 'webm'];
  if (!probed || !expected.some((d) => demuxers.has(d)))
    throw new AppError('INVALID_VIDEO', 'The file could not be read as a video.');
  const streams = probed.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!video?.width || !video.height) throw new AppError('INVALID_VIDEO', 'The file has no video stream.');
  if (video.width * video.height > MAX_PIXELS)
    throw new AppError('VIDEO_TOO_LARGE', 'The picture is larger than 4096×4096.');
  const seconds = Number(probed.format?.duration ?? video.duration);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new AppError('INVALID_VIDEO', 'The video has no duration.');
  const durationMs = Math.round(seconds * 1000);
  if (durationMs > maxDurationMs) throw new AppError('VIDEO_TOO_LONG', 'The video is longer than allowed.');
  const turned = rotationOf(video) === 90;
  return {
    container,
    durationMs,
    width: turned ? video.height : video.width,
    height: turned ? video.width : video.height,
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
  };
}
