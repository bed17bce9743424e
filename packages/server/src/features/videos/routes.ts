import type { Readable } from 'node:stream';
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
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requireAuth } from '../../identity/sessions';
import { AppError, parseInput } from '../../platform/errors';
import { videoKeys } from './files';
import * as rules from './rules';
import { sendStoredRange } from './serve';

const TUS_VERSION = '1.0.0';
const UploadParams = z.strictObject({ uploadId: z.string().max(64) });
const UserParams = z.strictObject({ userId: Id });

/** tus Upload-Metadata: comma-separated `key base64value` pairs. */
function parseTusMetadata(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const pair of header.split(',')) {
    const [key, value = ''] = pair.trim().split(' ');
    if (!key || !/^[a-z]+$/i.test(key))
      throw new AppError('VALIDATION_FAILED', 'Upload-Metadata is malformed.');
    if (!['caption', 'visibility'].includes(key)) continue; // tus clients add filename, filetype
    out[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  return out;
}

function tus(reply: FastifyReply): FastifyReply {
  return reply.header('tus-resumable', TUS_VERSION).header('cache-control', 'no-store');
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Resumable uploads (the tus 1.0 core protocol with creation and termination, so that tus
 * clients work as they are), the video API, and the served files.
 */
export function videosRoutes(svc: rules.VideoService): FastifyPluginAsync {
  const { ctx } = svc;
  return async (app) => {
    // tus upload bodies are read by the rules as a stream, straight to disk.
    app.addContentTypeParser('application/offset+octet-stream', (_request, payload, done) =>
      done(null, payload),
    );

    app.options('/videos/uploads', async (_request, reply) =>
      tus(reply)
        .header('tus-version', TUS_VERSION)
        .header('tus-extension', 'creation,termination')
        .header('tus-max-size', ctx.config.videos.maxBytes)
        .status(204)
        .send(),
    );

    app.get('/videos/posting', async (request): Promise<VideoPosting> => {
      await requireAuth(ctx, request);
      return { available: svc.posting };
    });

    app.post('/videos/uploads', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      if (!svc.posting) throw new AppError('VIDEOS_UNAVAILABLE');
      const { 'upload-length': length } = parseInput(TusCreateHeaders, request.headers);
      const metadata = parseInput(
        VideoUploadMetadata,
        parseTusMetadata(headerOf(request.headers['upload-metadata'])),
      );
      const uploadId = await rules.createUpload(svc, auth, length, metadata);
      return tus(reply)
        .status(201)
        .header('location', `/api/videos/uploads/${uploadId}`)
        .header('upload-offset', 0)
        .send();
    });

    app.head('/videos/uploads/:uploadId', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      const { uploadId } = parseInput(UploadParams, request.params);
      const status = await rules.uploadStatus(svc, auth, uploadId);
      return tus(reply)
        .header('upload-offset', status.offset)
        .header('upload-length', status.length)
        .status(200)
        .send();
    });

    app.patch('/videos/uploads/:uploadId', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      const { uploadId } = parseInput(UploadParams, request.params);
      if (request.headers['content-type'] !== 'application/offset+octet-stream')
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'A tus PATCH carries application/offset+octet-stream.');
      const { 'upload-offset': offset } = parseInput(TusPatchHeaders, request.headers);
      const result = await rules.appendUpload(svc, auth, uploadId, offset, request.body as Readable);
      tus(reply).header('upload-offset', result.offset);
      // The finished upload answers with the new video, for clients that want it at once.
      if (result.video)
        return reply.status(200).header('liao-video-id', result.video.id).send({ video: result.video });
      return reply.status(204).send();
    });

    app.delete('/videos/uploads/:uploadId', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      const { uploadId } = parseInput(UploadParams, request.params);
      await rules.cancelUpload(svc, auth, uploadId);
      return tus(reply).status(204).send();
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
