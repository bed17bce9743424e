import { z } from 'zod';
import { PublicUser } from './accounts';
import { decimalInt, Id, Timestamp } from './common';
import { safeText } from './text';

/** Who may watch a video: every signed-in user, the owner's friends, or the owner alone. */
export const Visibility = z.enum(['public', 'friends', 'private']);
export type Visibility = z.infer<typeof Visibility>;

/** uploading → processing (checked, transcoding) → ready | failed. */
export const VideoState = z.enum(['uploading', 'processing', 'ready', 'failed']);
export type VideoState = z.infer<typeof VideoState>;

/** Why a video failed after it was accepted (the upload checks refuse with their own error codes). */
export const VideoFailure = z.enum(['TRANSCODE_FAILED']);
export type VideoFailure = z.infer<typeof VideoFailure>;

export const VideoCaption = safeText({ min: 0, max: 300, multiline: true, allowEmpty: true });

/** GET /api/videos/posting: whether this server takes new videos (it needs ffmpeg to check and transcode them). */
export const VideoPosting = z.object({ available: z.boolean() });
export type VideoPosting = z.infer<typeof VideoPosting>;

/** Limits a client can check before uploading; the server checks them again by content. */
export const VIDEO_MAX_BYTES = 200 * 1024 * 1024;
export const VIDEO_MAX_DURATION_MS = 3 * 60 * 1000;

export const Video = z.object({
  id: Id,
  ownerId: Id,
  caption: z.string(),
  visibility: Visibility,
  state: VideoState,
  /** From the probe of the upload; the transcoded file keeps them (scaled dimensions once ready). */
  durationMs: z.number().int().nonnegative(),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  createdAt: Timestamp,
  /** Relative URLs under /api/media/videos/:id/…; null until the transcode made them. */
  posterUrl: z.string().nullable(),
  previewUrl: z.string().nullable(),
  streamUrl: z.string().nullable(),
  /** 0..1 while processing; 1 once ready. */
  progress: z.number().min(0).max(1),
  /** Set when state is 'failed'. */
  error: VideoFailure.nullable(),
});
export type Video = z.infer<typeof Video>;

/**
 * What a chat card shows to anyone in the chat. When the video was deleted or its owner no longer
 * lets the chat see it, `available` is false and the rest is blanked (caption '', sizes 0, URLs null).
 */
export const VideoCard = z.object({
  id: Id,
  ownerId: Id,
  caption: z.string(),
  durationMs: z.number().int().nonnegative(),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  posterUrl: z.string().nullable(),
  previewUrl: z.string().nullable(),
  streamUrl: z.string().nullable(),
  available: z.boolean(),
});
export type VideoCard = z.infer<typeof VideoCard>;

/** tus Upload-Metadata of a new video (the values arrive base64-encoded, as tus sends them). */
export const VideoUploadMetadata = z.object({
  caption: VideoCaption.default(''),
  visibility: Visibility.default('friends'),
});
export type VideoUploadMetadata = z.input<typeof VideoUploadMetadata>;

/**
 * The tus headers the server reads as numbers (the declared size at creation, where a chunk
 * starts): plain decimal digits, as tus says. Other headers are left alone.
 */
export const TusCreateHeaders = z.object({ 'upload-length': decimalInt() });
export const TusPatchHeaders = z.object({ 'upload-offset': decimalInt() });

export const UpdateVideoBody = z
  .strictObject({ caption: VideoCaption.optional(), visibility: Visibility.optional() })
  .refine((b) => b.caption !== undefined || b.visibility !== undefined, { message: 'nothing to change' });
export type UpdateVideoBody = z.input<typeof UpdateVideoBody>;

export const VideoIdParams = z.strictObject({ videoId: Id });

/** An opaque cursor for the next page (newest first). */
export const VideoCursor = z.string().min(1).max(200);

/** A page of videos as the query string carries it: `?cursor=…&limit=20`. */
export const VideoPageQuery = z.strictObject({
  cursor: VideoCursor.optional(),
  limit: decimalInt({ min: 1, max: 50 }).default(20),
});
/** What a client asks for (the query string carries the limit as decimal digits). */
export interface VideoPageQuery {
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** A page of videos, newest first, with the owners they name (so a grid or feed can show them). */
export const VideoPage = z.object({
  videos: z.array(Video),
  users: z.array(PublicUser),
  nextCursor: VideoCursor.nullable(),
});
export type VideoPage = z.infer<typeof VideoPage>;

/** What finishing an upload gives back: the new video (processing) to follow by `video.updated`. */
export const VideoUploadResult = z.object({ video: Video });
export type VideoUploadResult = z.infer<typeof VideoUploadResult>;
