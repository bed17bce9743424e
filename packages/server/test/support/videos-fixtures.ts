import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Video } from '@liao/protocol';
import { afterAll } from 'vitest';
import type { TestServer } from './harness';
import { http, type RawResponse } from './http';

const run = promisify(execFile);

export interface ClipOptions {
  seconds?: number;
  width?: number;
  height?: number;
  audio?: boolean;
  format?: 'mp4' | 'webm' | 'mov';
}

const made = new Map<string, Promise<Buffer>>();
let clipDir: string | undefined;
/** The folder ffmpeg writes this test file's clips into, made at the first clip. */
function clipFolder(): string {
  clipDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'liao-clips-'));
  return clipDir;
}
// Registered when a test file imports these fixtures: its clips go once its tests are done.
afterAll(() => {
  if (clipDir) fs.rmSync(clipDir, { recursive: true, force: true });
  clipDir = undefined;
  made.clear();
});

/** A real clip made by ffmpeg (test pattern, a tone when with audio); cached per shape. */
export function makeClip(options: ClipOptions = {}): Promise<Buffer> {
  const { seconds = 2, width = 160, height = 90, audio = true, format = 'mp4' } = options;
  const key = `${seconds}-${width}x${height}-${audio}.${format}`;
  let clip = made.get(key);
  if (!clip) {
    const file = path.join(clipFolder(), `clip-${key}`);
    const video = ['-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=15:duration=${seconds}`];
    const sound = audio ? ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`] : [];
    const codecs =
      format === 'webm'
        ? ['-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '200k', ...(audio ? ['-c:a', 'libopus'] : [])]
        : [
            '-c:v',
            'libx264',
            '-preset',
            'ultrafast',
            '-pix_fmt',
            'yuv420p',
            ...(audio ? ['-c:a', 'aac'] : []),
          ];
    clip = run('ffmpeg', ['-v', 'error', '-y', ...video, ...sound, ...codecs, '-shortest', file]).then(() =>
      fs.readFileSync(file),
    );
    made.set(key, clip);
  }
  return clip;
}

function metadataHeader(meta: Record<string, string>): string {
  return Object.entries(meta)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');
}

/** tus: creates an upload; returns the response (Location names it). */
export function createUpload(
  t: TestServer,
  token: string,
  length: number,
  meta: Record<string, string> = {},
): Promise<RawResponse> {
  return http(t.url, 'POST', '/api/videos/uploads', {
    token,
    headers: {
      'tus-resumable': '1.0.0',
      'upload-length': String(length),
      // tus: one or more pairs, or no header at all (an empty one is malformed).
      ...(Object.keys(meta).length > 0 ? { 'upload-metadata': metadataHeader(meta) } : {}),
    },
  });
}

export function patchUpload(t: TestServer, token: string, location: string, offset: number, bytes: Buffer) {
  return http(t.url, 'PATCH', location, {
    token,
    rawBody: bytes,
    headers: {
      'tus-resumable': '1.0.0',
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    },
  });
}

export function headUpload(t: TestServer, token: string, location: string) {
  return http(t.url, 'HEAD', location, { token, headers: { 'tus-resumable': '1.0.0' } });
}

/** Uploads the bytes in one PATCH; returns the final PATCH response. */
export async function uploadVideo(
  t: TestServer,
  token: string,
  bytes: Buffer,
  meta: Record<string, string> = {},
): Promise<RawResponse> {
  const created = await createUpload(t, token, bytes.length, meta);
  if (created.status !== 201) return created;
  return patchUpload(t, token, created.headers.get('location') ?? '', 0, bytes);
}

export async function getVideo(t: TestServer, token: string, id: string): Promise<RawResponse> {
  return http(t.url, 'GET', `/api/videos/${id}`, { token });
}

/** Waits until the transcode job has finished with the video, by asking as the owner would. */
export async function waitUntilSettled(
  t: TestServer,
  token: string,
  id: string,
  timeoutMs = 30_000,
): Promise<Video> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await getVideo(t, token, id);
    const video = res.body?.video as Video | undefined;
    if (video && (video.state === 'ready' || video.state === 'failed')) return video;
    if (Date.now() > until) throw new Error(`video ${id} still ${video?.state}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every file the server keeps for uploads and videos (to show that a refusal kept nothing). */
export function storedVideoFiles(t: TestServer): string[] {
  const out: string[] = [];
  for (const dir of [path.join(t.dataDir, 'video-uploads'), path.join(t.dataDir, 'media', 'videos')]) {
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true }))
      if (entry.isFile()) out.push(path.join(entry.parentPath, entry.name));
  }
  return out.sort();
}
