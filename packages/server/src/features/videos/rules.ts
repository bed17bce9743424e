import {
  Id,
  type PublicUser,
  type UpdateVideoBody,
  type Video,
  type VideoCard,
  type VideoPage,
} from '@liao/protocol';
import type { z } from 'zod';
import { getUsers, toPublicUser } from '../../identity/accounts';
import type { Auth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { JobQueue } from '../../platform/jobs/jobQueue';
import { friendsRules as friends } from '../../social/friends';
import { canSeeVideo } from './access';
import { removeVideoFiles, type VideoFiles, videoKeys } from './files';
import { toVideo, toVideoCard } from './present';
import { probeVideo } from './probe';
import * as q from './queries';
import type { VideoUploads } from './uploads';

export const TRANSCODE_JOB = 'video.transcode';

export interface VideoService {
  ctx: AppContext;
  files: VideoFiles;
  jobs: JobQueue;
  /** Resumable uploads, by tus (uploads.ts). */
  uploads: VideoUploads;
  /** False where ffmpeg does not run here (see ffmpeg.ts): uploads are refused, nothing is transcoded. */
  posting: boolean;
}

export interface TranscodePayload {
  videoId: string;
}

/** Tells the owner's devices what became of their video. */
export async function announceVideo(ctx: AppContext, video: Video): Promise<void> {
  await ctx.bus.publish({ kind: 'event', userIds: [video.ownerId], event: { type: 'video.updated', video } });
}

// Uploads (the tus protocol and the bytes: uploads.ts)

/** The caller's own unexpired upload; anyone else's is as unknown as a made-up id. */
export async function requireUpload(svc: VideoService, auth: Auth, uploadId: string) {
  const upload = Id.safeParse(uploadId).success ? await q.getUpload(svc.ctx.db, uploadId) : undefined;
  if (!upload || upload.owner_id !== auth.userId || upload.expires_at < svc.ctx.now())
    throw new AppError('UPLOAD_NOT_FOUND');
  return upload;
}

export async function cancelUpload(svc: VideoService, auth: Auth, uploadId: string): Promise<void> {
  await requireUpload(svc, auth, uploadId);
  await svc.uploads.discard(uploadId);
}

/** Checks the complete upload by content; refused uploads leave nothing behind. */
export async function finishUpload(
  svc: VideoService,
  upload: { id: string; owner_id: string; caption: string; visibility: string },
): Promise<Video> {
  const { ctx, uploads } = svc;
  // Should the bytes be out of reach (the bucket), the upload stays: a PATCH finishes it again.
  const file = await uploads.localCopy(upload.id);
  let probed: Awaited<ReturnType<typeof probeVideo>>;
  try {
    probed = await probeVideo(file, ctx.config.videos.maxDurationMs);
  } catch (error) {
    await uploads.discard(upload.id);
    throw error;
  }
  const now = ctx.now();
  const videoId = newId(now);
  // Into the media storage, where any node's transcoder can fetch it. Should this fail, the
  // upload stays as it was: a PATCH at its full length finishes it again.
  await ctx.media.putFile(videoKeys.original(videoId), file);
  const row: q.VideoRow = {
    id: videoId,
    owner_id: upload.owner_id,
    caption: upload.caption,
    visibility: upload.visibility,
    state: 'processing',
    duration_ms: probed.durationMs,
    width: probed.width,
    height: probed.height,
    progress: 0,
    error: null,
    created_at: now,
    updated_at: now,
  };
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await q.insertVideo(trx, row);
      await q.deleteUpload(trx, upload.id);
      await svc.jobs.enqueue(trx, TRANSCODE_JOB, { videoId } satisfies TranscodePayload);
    });
  } catch (error) {
    // No row names this original: drop it (the upload is then to be sent again).
    await ctx.media.remove(videoKeys.original(videoId)).catch(() => {});
    throw error;
  }
  await uploads.forget(upload.id);
  svc.jobs.wake();
  return toVideo(row);
}

// Reading and changing videos

async function requireVisibleVideo(
  svc: VideoService,
  viewerId: string,
  videoId: string,
): Promise<q.VideoRow> {
  const row = await q.getVideo(svc.ctx.db, videoId);
  if (!row || !(await canSeeVideo(svc.ctx, viewerId, row))) throw new AppError('VIDEO_NOT_FOUND');
  return row;
}

async function requireOwnVideo(svc: VideoService, auth: Auth, videoId: string): Promise<q.VideoRow> {
  const row = await q.getVideo(svc.ctx.db, videoId);
  if (!row || row.owner_id !== auth.userId) throw new AppError('VIDEO_NOT_FOUND');
  return row;
}

export async function getVideoFor(svc: VideoService, auth: Auth, videoId: string): Promise<Video> {
  return toVideo(await requireVisibleVideo(svc, auth.userId, videoId));
}

/** The video a media route may serve to the viewer: visible to them and ready. */
export async function requireServable(
  svc: VideoService,
  viewerId: string,
  videoId: string,
): Promise<q.VideoRow> {
  const row = await requireVisibleVideo(svc, viewerId, videoId);
  if (row.state !== 'ready') throw new AppError('VIDEO_NOT_READY');
  return row;
}

export async function updateOwnVideo(
  svc: VideoService,
  auth: Auth,
  videoId: string,
  body: z.output<typeof UpdateVideoBody>,
): Promise<Video> {
  const row = await requireOwnVideo(svc, auth, videoId);
  const changes: q.VideoChanges = {};
  if (body.caption !== undefined) changes.caption = body.caption;
  if (body.visibility !== undefined) changes.visibility = body.visibility;
  const now = svc.ctx.now();
  await q.updateVideo(svc.ctx.db, videoId, changes, now);
  const video = toVideo({ ...row, ...changes, updated_at: now });
  await announceVideo(svc.ctx, video);
  return video;
}

/** Deletes the video and its files; chats it was shared into then show it as unavailable. */
export async function deleteOwnVideo(svc: VideoService, auth: Auth, videoId: string): Promise<void> {
  await requireOwnVideo(svc, auth, videoId);
  await q.deleteVideo(svc.ctx.db, videoId);
  await removeVideoFiles(svc.ctx.media, svc.files, videoId);
}

async function pageOf(svc: VideoService, rows: q.VideoRow[], limit: number): Promise<VideoPage> {
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  const ownerIds = [...new Set(shown.map((r) => r.owner_id))];
  const users: PublicUser[] = (await getUsers(svc.ctx.db, ownerIds)).map(toPublicUser);
  return {
    videos: shown.map(toVideo),
    users,
    nextCursor: more ? (shown.at(-1)?.id ?? null) : null,
  };
}

function pageFrom(query: { cursor?: string | undefined; limit: number }): q.Page {
  if (query.cursor !== undefined && !Id.safeParse(query.cursor).success)
    throw new AppError('VALIDATION_FAILED', 'cursor is not one this server gave');
  return { before: query.cursor, limit: query.limit };
}

export async function listMyVideos(
  svc: VideoService,
  auth: Auth,
  query: { cursor?: string | undefined; limit: number },
) {
  const page = pageFrom(query);
  return pageOf(svc, await q.listOwnVideos(svc.ctx.db, auth.userId, page), page.limit);
}

/** A profile's grid: the user's ready videos that the viewer may see. */
export async function listUserVideos(
  svc: VideoService,
  auth: Auth,
  userId: string,
  query: { cursor?: string | undefined; limit: number },
) {
  const page = pageFrom(query);
  const { ctx } = svc;
  if (userId === auth.userId)
    return pageOf(
      svc,
      await q.listVisibleVideos(ctx.db, userId, ['public', 'friends', 'private'], page),
      page.limit,
    );
  if (await friends.isBlocking(ctx, userId, auth.userId)) return { videos: [], users: [], nextCursor: null };
  const visibilities = (await friends.areFriends(ctx, auth.userId, userId))
    ? ['public', 'friends']
    : ['public'];
  return pageOf(svc, await q.listVisibleVideos(ctx.db, userId, visibilities, page), page.limit);
}

/** Friends' videos, newest first. */
export async function listFeed(
  svc: VideoService,
  auth: Auth,
  query: { cursor?: string | undefined; limit: number },
) {
  const page = pageFrom(query);
  return pageOf(svc, await q.listFriendsVideos(svc.ctx.db, auth.userId, page), page.limit);
}

/**
 * The card a chat shows for a shared video, as this viewer may see it. For video messages:
 * `available` turns false once the video is deleted, made private, or otherwise hidden from them.
 */
export async function videoCardFor(
  ctx: AppContext,
  viewerId: string,
  videoId: string,
  ownerId: string,
): Promise<VideoCard> {
  const row = await q.getVideo(ctx.db, videoId);
  const visible = row && row.state === 'ready' && (await canSeeVideo(ctx, viewerId, row));
  return toVideoCard(videoId, ownerId, visible ? row : undefined);
}

/** Records that a video was shared into a chat (with its message, the members who see that may watch it). */
export async function recordShare(
  db: Db,
  videoId: string,
  conversationId: string,
  sharedBy: string,
  at: number,
) {
  await db
    .insertInto('video_shares')
    .values({ video_id: videoId, conversation_id: conversationId, shared_by: sharedBy, created_at: at })
    .onConflict((oc) => oc.columns(['video_id', 'conversation_id']).doNothing())
    .execute();
}
