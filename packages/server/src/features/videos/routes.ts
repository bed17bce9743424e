import {
  Id,
  TusCreateHeaders,
  TusPatchHeaders,
  UpdateVideoBody,
  VideoIdParams,
  VideoPageQuery,
  type VideoPosting,
  VideoUploadMetadata,
} from '@liao/protocol';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireAuth } from '../../identity/sessions';
import { AppError, parseInput } from '../../platform/errors';
import { videoKeys } from './files';
import * as rules from './rules';
import { sendStoredRange } from './serve';

const UploadParams = z.strictObject({ uploadId: z.string().max(64) });
const UserParams = z.strictObject({ userId: Id });

/**
 * tus Upload-Metadata, read strictly before tus reads it: comma-separated `key base64value`
 * pairs; keys other than ours (tus clients add filename, filetype) are left out.
 */
function parseTusMetadata(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const pair of header.split(',')) {
    const [key, value = ''] = pair.trim().split(' ');
    if (!key || !/^[a-z]+$/i.test(key))
      throw new AppError('VALIDATION_FAILED', 'Upload-Metadata is malformed.');
    if (!['caption', 'visibility'].includes(key)) continue;
    out[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  return out;
}

/**
 * Rewrites a number header as plain digits for tus, which reads the raw headers: our schema is
 * the judge of the number ('01000' is a thousand), tus gets it plainly written.
 */
function plainHeader(request: FastifyRequest, name: string, value: number): void {
  const raw = request.raw.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]?.toLowerCase() === name) raw[i + 1] = String(value);
  request.raw.headers[name] = String(value);
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Resumable uploads (tus, by @tus/server: uploads.ts), the video API, and the served files.
 */
export function videosRoutes(svc: rules.VideoService): FastifyPluginAsync {
  const { ctx } = svc;
  return async (app) => {
    // tus reads upload bodies itself, as a stream straight to the store.
    app.addContentTypeParser('application/offset+octet-stream', (_request, payload, done) =>
      done(null, payload),
    );

    app.get('/videos/posting', async (request): Promise<VideoPosting> => {
      await requireAuth(ctx, request);
      return { available: svc.posting };
    });

    // The tus protocol: our checks first (who asks, whose upload, headers by our schemas), then tus.
    app.options('/videos/uploads', async (request, reply) => svc.uploads.handle(request, reply, null));

    app.post('/videos/uploads', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      if (!svc.posting) throw new AppError('VIDEOS_UNAVAILABLE');
      const { 'upload-length': length } = parseInput(TusCreateHeaders, request.headers);
      if (length > ctx.config.videos.maxBytes) throw new AppError('VIDEO_TOO_LARGE');
      plainHeader(request, 'upload-length', length);
      const metadata = parseInput(
        VideoUploadMetadata,
        parseTusMetadata(headerOf(request.headers['upload-metadata'])),
      );
      return svc.uploads.handle(request, reply, { auth, metadata });
    });

    app.head('/videos/uploads/:uploadId', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      const { uploadId } = parseInput(UploadParams, request.params);
      await rules.requireUpload(svc, auth, uploadId);
      return svc.uploads.handle(request, reply, { auth });
    });

    app.patch('/videos/uploads/:uploadId', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      const { uploadId } = parseInput(UploadParams, request.params);
      if (request.headers['content-type'] !== 'application/offset+octet-stream')
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'A tus PATCH carries application/offset+octet-stream.');
      const { 'upload-offset': offset } = parseInput(TusPatchHeaders, request.headers);
      plainHeader(request, 'upload-offset', offset);
      await rules.requireUpload(svc, auth, uploadId);
      return svc.uploads.handle(request, reply, { auth });
    });

    // Termination: the upload's row and its bytes in the store go together.
    app.delete('/videos/uploads/:uploadId', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      const { uploadId } = parseInput(UploadParams, request.params);
      await rules.cancelUpload(svc, auth, uploadId);
      return reply.header('tus-resumable', '1.0.0').header('cache-control', 'no-store').status(204).send();
    });

    app.get('/videos/mine', async (request) => {
      const auth = await requireAuth(ctx, request);
      return rules.listMyVideos(svc, auth, parseInput(VideoPageQuery, request.query));
    });

    app.get('/videos/feed', async (request) => {
      const auth = await requireAuth(ctx, request);
      return rules.listFeed(svc, auth, parseInput(VideoPageQuery, request.query));
    });

    app.get('/users/:userId/videos', async (request) => {
      const auth = await requireAuth(ctx, request);
      const { userId } = parseInput(UserParams, request.params);
      return rules.listUserVideos(svc, auth, userId, parseInput(VideoPageQuery, request.query));
    });

    app.get('/videos/:videoId', async (request) => {
      const auth = await requireAuth(ctx, request);
      const { videoId } = parseInput(VideoIdParams, request.params);
      return { video: await rules.getVideoFor(svc, auth, videoId) };
    });

    app.patch('/videos/:videoId', async (request) => {
      const auth = await requireAuth(ctx, request);
      const { videoId } = parseInput(VideoIdParams, request.params);
      return {
        video: await rules.updateOwnVideo(svc, auth, videoId, parseInput(UpdateVideoBody, request.body)),
      };
    });

    app.delete('/videos/:videoId', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      const { videoId } = parseInput(VideoIdParams, request.params);
      await rules.deleteOwnVideo(svc, auth, videoId);
      return reply.status(204).send();
    });

    for (const [suffix, keyOf, type] of [
      ['stream', videoKeys.stream, 'video/mp4'],
      ['preview', videoKeys.preview, 'video/mp4'],
      ['poster', videoKeys.poster, 'image/jpeg'],
    ] as const) {
      app.get(`/media/videos/:videoId/${suffix}`, async (request, reply) => {
        const auth = await requireAuth(ctx, request);
        const { videoId } = parseInput(VideoIdParams, request.params);
        await rules.requireServable(svc, auth.userId, videoId);
        return sendStoredRange(request, reply, ctx.media, keyOf(videoId), type);
      });
    }
  };
}
