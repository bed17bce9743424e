import type { MessagesModule } from '../../chat/messages';
import { doSendMessage, registerContentKind } from '../../chat/messages';
import type { AppContext } from '../../platform/context';
import { createJobQueue } from '../../platform/jobs/jobQueue';
import type { DomainModule } from '../../platform/modules/domainModule';
import { ffmpegRuns } from './ffmpeg';
import { videoFiles } from './files';
import { videosRoutes } from './routes';
import { finishUpload, TRANSCODE_JOB, type VideoService } from './rules';
import { videoShareRoutes } from './shareRoutes';
import { type SendAs, videoContent } from './shares';
import { transcodeHandler } from './transcodeJob';
import { startUploadSweeper } from './uploadSweeper';
import { createVideoUploads } from './uploads';

export interface VideosModule extends DomainModule {
  /** Whether videos can be posted here (ffmpeg runs); main.ts says so when they cannot. */
  posting: boolean;
}

/**
 * Short videos: resumable uploads, transcoding (a job any node with ffmpeg takes), a page per
 * person, and sharing into chats as video messages.
 */
export function videosModule(ctx: AppContext, messages: MessagesModule): VideosModule {
  const { config, log } = ctx;
  const posting = ffmpegRuns(config.videos.toolPath);
  if (!posting) log.warn('videos are off: ffmpeg and ffprobe were not found on PATH');
  const base = {
    ctx,
    files: videoFiles(config.dataDir),
    jobs: createJobQueue({
      db: ctx.db,
      dialect: ctx.store.dialect,
      handlers: {},
      // Without ffmpeg this node takes no transcode: another node of the cluster may.
      concurrency: posting ? config.videos.transcodeConcurrency : 0,
      leaseMs: config.videos.jobLeaseMs,
      pollMs: config.videos.jobPollMs,
      now: ctx.now,
      log,
    }),
    posting,
  };
  const videos: VideoService = {
    ...base,
    uploads: createVideoUploads(base, (upload) => finishUpload(videos, upload)),
  };
  videos.jobs.handle(TRANSCODE_JOB, transcodeHandler(videos));
  registerContentKind(videoContent);
  const shareAs: SendAs = (auth, body) => doSendMessage(ctx, messages.sending, auth, body);
  let stopUploadSweeper: (() => void) | undefined;
  return {
    name: 'features/videos',
    routes: async (app) => {
      await app.register(videosRoutes(videos));
      await app.register(videoShareRoutes(ctx, shareAs));
    },
    posting,
    start() {
      videos.jobs.start();
      stopUploadSweeper = startUploadSweeper(videos, config.videos.uploadSweepMs);
    },
    // Transcodes in progress are handed back at once, for another node to take.
    async drain() {
      stopUploadSweeper?.();
      await videos.jobs.close();
      videos.uploads.close();
    },
  };
}

export { FFMPEG_MISSING } from './ffmpeg';
