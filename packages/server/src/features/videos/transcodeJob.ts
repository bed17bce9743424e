import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AppContext } from '../../platform/context';
import { isOutage } from '../../platform/http/outage';
import { type Job, type JobControl, type JobHandler, RetryLater } from '../../platform/jobs/jobQueue';
import { MediaStorageUnavailable } from '../../platform/media/storage';
import { removeVideoFiles, videoKeys } from './files';
import { toVideo } from './present';
import * as q from './queries';
import { announceVideo, type TranscodePayload, type VideoService } from './rules';
import { transcodeVideo } from './transcode';

/** Progress reaches the owner in steps of this much, not on every ffmpeg line. */
const ANNOUNCE_STEP = 0.05;

async function announceRow(ctx: AppContext, videoId: string): Promise<void> {
  const row = await q.getVideo(ctx.db, videoId);
  if (row) await announceVideo(ctx, toVideo(row));
}

/** A video uploaded before originals moved into the media storage: its original goes there now. */
async function adoptLegacyOriginal(svc: VideoService, videoId: string): Promise<void> {
  const legacy = svc.files.legacyOriginal(videoId);
  if (fs.existsSync(legacy)) await svc.ctx.media.putFile(videoKeys.original(videoId), legacy);
}

/**
 * Turns the checked original into the served files, on whichever node took the job: the
 * original is fetched from the media storage into a scratch folder of this node's own (ffmpeg
 * needs files), the outputs are made there and then stored. The video turns ready only once all
 * three are stored, so a ready video always has them.
 */
export function transcodeHandler(svc: VideoService): JobHandler {
  const { ctx } = svc;
  return {
    async run(job, control) {
      try {
        await transcodeOnce(svc, job, control);
      } catch (error) {
        // The media storage or the store out of reach is no fault of the video: the job waits
        // for them (the original stays stored) instead of failing it.
        if (!control.signal.aborted && (error instanceof MediaStorageUnavailable || isOutage(error)))
          throw new RetryLater(error instanceof Error ? error.message : String(error), { cause: error });
        throw error;
      }
    },

    async failed(job, reason) {
      const { videoId } = JSON.parse(job.payload) as TranscodePayload;
      ctx.log.warn({ videoId, reason }, 'transcode failed');
      await q.updateVideo(ctx.db, videoId, { state: 'failed', error: 'TRANSCODE_FAILED' }, ctx.now());
      await removeVideoFiles(ctx.media, svc.files, videoId);
      await announceRow(ctx, videoId);
    },
  };
}

async function transcodeOnce(svc: VideoService, job: Job, control: JobControl): Promise<void> {
  const { ctx } = svc;
  const { videoId } = JSON.parse(job.payload) as TranscodePayload;
  const row = await q.getVideo(ctx.db, videoId);
  // Deleted while queued, or done by a node that died before it could say so.
  if (!row || row.state === 'ready') return;
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'liao-transcode-'));
  try {
    const source = path.join(work, 'original');
    await adoptLegacyOriginal(svc, videoId);
    if (!(await ctx.media.getToFile(videoKeys.original(videoId), source))) {
      // A node that held this job before (its lease ran out) may have finished it meanwhile.
      if ((await q.getVideo(ctx.db, videoId))?.state === 'ready') return;
      throw new Error('the original is not in the media storage');
    }
    const out = {
      stream: path.join(work, 'stream.mp4'),
      poster: path.join(work, 'poster.jpg'),
      preview: path.join(work, 'preview.mp4'),
    };
    let announced = 0;
    const size = await transcodeVideo(
      { source, durationMs: row.duration_ms, width: row.width, height: row.height },
      out,
      (fraction) => {
        void control.progress(fraction);
        if (fraction - announced >= ANNOUNCE_STEP && fraction < 1) {
          announced = fraction;
          // Progress is news, not state: a write that fails (the store going away during a
          // shutdown) is dropped; the job's own bookkeeping decides what happens next.
          void q
            .updateVideo(ctx.db, videoId, { progress: fraction }, ctx.now())
            .then(() => announceRow(ctx, videoId))
            .catch((error: unknown) => ctx.log.debug({ err: error, videoId }, 'progress not recorded'));
        }
      },
      control.signal,
    );
    control.signal.throwIfAborted();
    await ctx.media.putFile(videoKeys.stream(videoId), out.stream);
    await ctx.media.putFile(videoKeys.poster(videoId), out.poster);
    await ctx.media.putFile(videoKeys.preview(videoId), out.preview);
    if (!(await q.getVideo(ctx.db, videoId))) {
      await ctx.media.removePrefix(videoKeys.prefix(videoId)); // deleted while transcoding
      return;
    }
    // The job may have gone to another node while the files were stored: that node decides.
    control.signal.throwIfAborted();
    await q.updateVideo(
      ctx.db,
      videoId,
      { state: 'ready', progress: 1, error: null, width: size.width, height: size.height },
      ctx.now(),
    );
    // The original is never served; once the playable copy exists it has no further use.
    await ctx.media.remove(videoKeys.original(videoId));
    await announceRow(ctx, videoId);
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}
