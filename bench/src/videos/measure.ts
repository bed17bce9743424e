import type { LiaoClient } from '@liao/client';
import { makePairs } from '../pairs';
import type { BenchUser } from '../users';
import { registerUsers } from '../users';
import { ChatLoad, type ChatLoadResult } from './chatLoad';
import { type BenchClip, makeBenchClip } from './clip';

export interface TranscodeTiming {
  /** Sending the file (tus, on this machine's loopback). */
  uploadSeconds: number;
  /** From the upload's last byte to the `video.updated` that says ready: the check and the transcode. */
  transcodeSeconds: number;
}

export interface VideoBenchResult {
  clip: { seconds: number; width: number; height: number; megabytes: number; madeInSeconds: number };
  /** LIAO_TRANSCODE_CONCURRENCY of the server measured. */
  concurrency: number;
  solo: TranscodeTiming;
  pairs: number;
  /** The chat at the fixed rate with no transcode running. */
  idle: ChatLoadResult;
  /** The chat at the same rate from the end of the two uploads until the first transcode ended. */
  busy: ChatLoadResult;
  /** The two transcodes that ran at once during the busy run. */
  concurrent: TranscodeTiming[];
}

const READY_TIMEOUT_MS = 15 * 60_000;

/** Resolves with the time the video's `video.updated` says ready; rejects if it failed. */
function whenReady(client: LiaoClient, videoId: () => string | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no ready video within the timeout'));
    }, READY_TIMEOUT_MS);
    const off = client.on('event', (event) => {
      if (event.type !== 'video.updated' || event.video.id !== videoId()) return;
      if (event.video.state !== 'ready' && event.video.state !== 'failed') return;
      clearTimeout(timer);
      off();
      if (event.video.state === 'failed') reject(new Error(`transcode failed: ${event.video.error}`));
      else resolve(performance.now());
    });
  });
}

/** Uploads the clip; resolves once the upload is done, with when the video became ready to come. */
async function uploadClip(
  uploader: BenchUser,
  clip: BenchClip,
  caption: string,
): Promise<{ uploadSeconds: number; uploadedAt: number; ready: Promise<number> }> {
  let id: string | null = null;
  // Listening before the upload ends: a fast transcode's event may beat the upload's reply.
  const pending: { at: number; id: string }[] = [];
  const off = uploader.client.on('event', (event) => {
    if (event.type === 'video.updated' && event.video.state === 'ready')
      pending.push({ at: performance.now(), id: event.video.id });
  });
  const started = performance.now();
  const video = await uploader.client.api.uploadVideo(clip.bytes, {
    caption,
    visibility: 'private',
    chunkSize: 8 * 1024 * 1024,
  });
  const uploadedAt = performance.now();
  id = video.id;
  const early = pending.find((p) => p.id === video.id);
  off();
  const ready = early ? Promise.resolve(early.at) : whenReady(uploader.client, () => id);
  return { uploadSeconds: (uploadedAt - started) / 1000, uploadedAt, ready };
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * The short-video benchmark: one 30-second 1080p clip transcoded alone (upload complete → ready),
 * then the one-to-one chat at a modest fixed rate with no transcode, and again while two
 * transcodes run at once (the server started with LIAO_TRANSCODE_CONCURRENCY=2): from the end of
 * both uploads until the first is ready, so every message measured was sent while both ran.
 */
export async function measureVideos(
  url: string,
  options: { rate: number; pairs: number; concurrency: number; stepSeconds: number },
): Promise<VideoBenchResult> {
  const madeAt = performance.now();
  const clip = await makeBenchClip(30);
  const madeInSeconds = round((performance.now() - madeAt) / 1000);
  console.log(
    `  clip: ${clip.width}x${clip.height}, ${clip.seconds} s, ${round(clip.bytes.length / 2 ** 20)} MiB`,
  );

  const [uploader] = await registerUsers(url, 1, 'video');
  if (!uploader) throw new Error('no uploader');
  await uploader.client.connect();
  const pairs = await makePairs(await registerUsers(url, options.pairs * 2, 'vchat'));
  const chat = await ChatLoad.open(url, pairs);
  try {
    const solo = await uploadClip(uploader, clip, 'bench solo');
    const soloTranscode = ((await solo.ready) - solo.uploadedAt) / 1000;
    console.log(`  alone: upload ${round(solo.uploadSeconds)} s, transcode ${round(soloTranscode)} s`);

    // The first seconds of fresh sockets are not the steady state.
    await chat.run('warm', options.rate, 3);
    const idle = await chat.run('idle', options.rate, options.stepSeconds);
    console.log(
      `  chat, no transcode: p50 ${idle.latencyMs.p50} ms, p99 ${idle.latencyMs.p99} ms, lost ${idle.lost}`,
    );

    const uploads = await Promise.all([
      uploadClip(uploader, clip, 'bench busy 1'),
      uploadClip(uploader, clip, 'bench busy 2'),
    ]);
    const busy = await chat.run(
      'busy',
      options.rate,
      READY_TIMEOUT_MS / 1000,
      Promise.race(uploads.map((u) => u.ready)),
    );
    console.log(
      `  chat, two transcodes: p50 ${busy.latencyMs.p50} ms, p99 ${busy.latencyMs.p99} ms, lost ${busy.lost} (${busy.seconds} s)`,
    );
    const readyAt = await Promise.all(uploads.map((u) => u.ready));
    const concurrent = uploads.map((u, i) => ({
      uploadSeconds: round(u.uploadSeconds),
      transcodeSeconds: round(((readyAt[i] as number) - u.uploadedAt) / 1000),
    }));
    return {
      clip: {
        seconds: clip.seconds,
        width: clip.width,
        height: clip.height,
        megabytes: round(clip.bytes.length / 2 ** 20),
        madeInSeconds,
      },
      concurrency: options.concurrency,
      solo: { uploadSeconds: round(solo.uploadSeconds), transcodeSeconds: round(soloTranscode) },
      pairs: options.pairs,
      idle,
      busy,
      concurrent,
    };
  } finally {
    chat.close();
    uploader.client.disconnect();
  }
}

/** The report's lines. */
export function videoLines(r: VideoBenchResult): string[] {
  const load = (s: ChatLoadResult) =>
    `p50 ${s.latencyMs.p50} ms, **p99 ${s.latencyMs.p99} ms**, max ${s.latencyMs.max} ms; ${s.delivered} of ${s.sent} delivered in ${s.seconds} s, lost ${s.lost}, refused ${s.refused}; load average ${s.loadAverage}`;
  const both = r.concurrent.map((c) => `${c.transcodeSeconds} s`).join(' and ');
  return [
    `| video: a ${r.clip.seconds}-second ${r.clip.height}p clip (H.264/AAC, ${r.clip.megabytes} MiB) → H.264/AAC ≤1080p faststart + poster + preview, upload complete → ready | **${r.solo.transcodeSeconds} s** alone (upload ${r.solo.uploadSeconds} s); ${both} for two at once (LIAO_TRANSCODE_CONCURRENCY=${r.concurrency}) |`,
    `| · one-to-one messages at ${r.idle.rate}/s over ${r.pairs} pairs, no transcode | ${load(r.idle)} |`,
    `| · the same while two transcodes run (until the first is ready; target p99 < 100 ms) | ${load(r.busy)} |`,
  ];
}
