import fsp from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  Id,
  type PublicUser,
  type UpdateVideoBody,
  type Video,
  type VideoCard,
  type VideoPage,
  type VideoUploadMetadata,
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
import { checkUploadQuota } from './uploadQuota';

export const TRANSCODE_JOB = 'video.transcode';
/** An upload not finished within a day is dropped. */
const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

export interface VideoService {
  ctx: AppContext;
  files: VideoFiles;
  jobs: JobQueue;
  /** Uploads with a PATCH in flight on this node: a second one at the same time is refused. */
  appending: Set<string>;
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

// Uploads

export async function createUpload(
  svc: VideoService,
  auth: Auth,
  length: number,
  metadata: z.output<typeof VideoUploadMetadata>,
): Promise<string> {
  const { ctx } = svc;
  if (length > ctx.config.videos.maxBytes) throw new AppError('VIDEO_TOO_LARGE');
  const id = newId(ctx.now());
  await ctx.db.transaction().execute(async (trx) => {
    await checkUploadQuota(ctx, trx, auth.userId, length);
    await q.insertUpload(trx, {
      id,
      owner_id: auth.userId,
      length,
      caption: metadata.caption,
      visibility: metadata.visibility,
      created_at: ctx.now(),
      expires_at: ctx.now() + UPLOAD_TTL_MS,
    });
  });
  // The row before its file, so that a refusal leaves no file behind; a row whose file could
  // not be made is taken back.
  try {
    await fsp.mkdir(svc.files.uploadsDir, { recursive: true });
    await fsp.writeFile(svc.files.upload(id), '');
  } catch (error) {
    await q.deleteUpload(ctx.db, id);
    throw error;
  }
  return id;
}

/** The caller's own unexpired upload; anyone else's is as unknown as a made-up id. */
async function requireUpload(svc: VideoService, auth: Auth, uploadId: string) {
  const upload = Id.safeParse(uploadId).success ? await q.getUpload(svc.ctx.db, uploadId) : undefined;
  if (!upload || upload.owner_id !== auth.userId || upload.expires_at < svc.ctx.now())
    throw new AppError('UPLOAD_NOT_FOUND');
  return upload;
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await fsp.stat(file)).size;
  } catch {
    return 0;
  }
}

export async function uploadStatus(svc: VideoService, auth: Auth, uploadId: string) {
  const upload = await requireUpload(svc, auth, uploadId);
  return { offset: await sizeOf(svc.files.upload(uploadId)), length: upload.length };
}

/**
 * Writes the body to the end of the file chunk by chunk, each chunk on disk before the next is
 * read, so that a body cut off midway leaves exactly the bytes that arrived. More than `max`
 * bytes is an error (the declared length was a lie); a dropped connection is not.
 */
async function appendBody(file: string, body: Readable, max: number): Promise<void> {
  const out = await fsp.open(file, 'a');
  let seen = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      seen += chunk.length;
      if (seen > max) throw new AppError('VIDEO_TOO_LARGE', 'More bytes than the upload declared.');
      await out.write(chunk);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    // The client went away: what arrived is kept for the next request.
  } finally {
    await out.close();
  }
}

/**
 * Appends a chunk at `offset` (tus PATCH). The bytes on disk are the truth: a connection that
 * drops mid-chunk keeps what arrived, and the next request continues from the file's size.
 * When the last byte is in, the upload is checked and becomes a video.
 */
export async function appendUpload(
  svc: VideoService,
  auth: Auth,
  uploadId: string,
  offset: number,
  body: Readable,
): Promise<{ offset: number; video: Video | null }> {
  const upload = await requireUpload(svc, auth, uploadId);
  if (svc.appending.has(uploadId))
    throw new AppError('UPLOAD_OFFSET_MISMATCH', 'Another request is writing this upload.');
  const file = svc.files.upload(uploadId);
  const current = await sizeOf(file);
  if (offset !== current)
    throw new AppError('UPLOAD_OFFSET_MISMATCH', 'Upload-Offset is not where the upload stands.', {
      offset: current,
    });
  svc.appending.add(uploadId);
  try {
    await appendBody(file, body, upload.length - current);
  } catch (error) {
    await discardUpload(svc, uploadId);
    throw error;
  } finally {
    svc.appending.delete(uploadId);
  }
  const written = await sizeOf(file);
  if (written < upload.length) return { offset: written, video: null };
  return { offset: written, video: await finishUpload(svc, upload) };
}

async function discardUpload(svc: VideoService, uploadId: string): Promise<void> {
  await q.deleteUpload(svc.ctx.db, uploadId);
  await fsp.rm(svc.files.upload(uploadId), { force: true });
}

export async function cancelUpload(svc: VideoService, auth: Auth, uploadId: string): Promise<void> {
  await requireUpload(svc, auth, uploadId);
  await discardUpload(svc, uploadId);
}

/** Checks the complete upload by content; refused uploads leave nothing behind. */
async function finishUpload(
  svc: VideoService,
  upload: { id: string; owner_id: string; caption: string; visibility: string },
): Promise<Video> {
  const { ctx, files } = svc;
  let probed: Awaited<ReturnType<typeof probeVideo>>;
  try {
    probed = await probeVideo(files.upload(upload.id), ctx.config.videos.maxDurationMs);
  } catch (error) {
    await discardUpload(svc, upload.id);
    throw error;
  }
  const now = ctx.now();
  const videoId = newId(now);
  // Into the media storage, where any node's transcoder can fetch it. Should this fail, the
  // upload stays as it was: a PATCH at its full length finishes it again.
  await ctx.media.putFile(videoKeys.original(videoId), files.upload(upload.id));
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
