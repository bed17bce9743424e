import fsp from 'node:fs/promises';
import type { AppContext } from '../context';
import type { JobHandler } from './jobs';
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

/**
 * Turns the checked original into the served files. Outputs are written under temporary names
 * and renamed at the end, so a video is either ready with all three files or not ready.
 */
export function transcodeHandler(svc: VideoService): JobHandler {
  const { ctx, files } = svc;
  return {
    async run(job, control) {
      const { videoId } = JSON.parse(job.payload) as TranscodePayload;
      const row = await q.getVideo(ctx.db, videoId);
      if (!row) return; // deleted while queued
      const dir = files.dir(videoId);
      await fsp.mkdir(dir, { recursive: true });
      const tmp = {
        stream: `${dir}/stream.tmp.mp4`,
        poster: `${dir}/poster.tmp.jpg`,
        preview: `${dir}/preview.tmp.mp4`,
      };
      let announced = 0;
      const size = await transcodeVideo(
        {
          source: files.original(videoId),
          durationMs: row.duration_ms,
          width: row.width,
          height: row.height,
        },
        tmp,
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
      await fsp.rename(tmp.stream, files.stream(videoId));
      await fsp.rename(tmp.poster, files.poster(videoId));
      await fsp.rename(tmp.preview, files.preview(videoId));
      if (!(await q.getVideo(ctx.db, videoId))) {
        await fsp.rm(dir, { recursive: true, force: true }); // deleted while transcoding
        return;
      }
      await q.updateVideo(
        ctx.db,
        videoId,
        { state: 'ready', progress: 1, error: null, width: size.width, height: size.height },
        ctx.now(),
      );
      // The original is never served; once the playable copy exists it has no further use.
      await fsp.rm(files.original(videoId), { force: true });
      await announceRow(ctx, videoId);
    },

    async failed(job, reason) {
      const { videoId } = JSON.parse(job.payload) as TranscodePayload;
      ctx.log.warn({ videoId, reason }, 'transcode failed');
      await q.updateVideo(ctx.db, videoId, { state: 'failed', error: 'TRANSCODE_FAILED' }, ctx.now());
      await fsp.rm(files.dir(videoId), { recursive: true, force: true });
      await fsp.rm(files.original(videoId), { force: true });
      await announceRow(ctx, videoId);
    },
  };
}
