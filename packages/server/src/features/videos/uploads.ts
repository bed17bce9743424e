import type { VideoUploadMetadata } from '@liao/protocol';
import { Server } from '@tus/server';
import type { Upload } from '@tus/utils';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerRequest } from 'srvx';
import { NodeRequest } from 'srvx/node';
import type { z } from 'zod';
import type { Auth } from '../../identity/sessions';
import type { VideoUploadsTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import * as q from './queries';
import type { VideoService } from './rules';
import { checkUploadQuota } from './uploadQuota';
import { openUploadBytes, type UploadBytes } from './uploadStores';

/** An upload not finished within a day is dropped (uploadSweeper.ts). */
const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

/** What the route checked before handing a request to tus: who asks, and the upload's metadata. */
interface Checked {
  auth: Auth;
  metadata?: z.output<typeof VideoUploadMetadata>;
}

/**
 * Resumable uploads, by @tus/server (the tus 1.0 core protocol, with creation and termination)
 * over a file in the data folder or a multipart upload in the bucket (uploadStores.ts). Our routes authenticate, check the headers with
 * the protocol's schemas and own each upload (a row in video_uploads: its owner, quota and
 * expiry); tus does the protocol and the bytes. Its refusals come back as AppErrors with our
 * codes, so that clients see one error shape everywhere.
 */
export interface VideoUploads {
  /**
   * Hands a request to tus, after the route authenticated and checked it (null: OPTIONS, which
   * anyone may ask), and relays its answer through fastify.
   */
  handle(request: FastifyRequest, reply: FastifyReply, checked: Checked | null): Promise<FastifyReply>;
  /** Drops an upload's row and bytes (cancelled, refused, expired). */
  discard(uploadId: string): Promise<void>;
  /** Removes a finished upload from the tus store, once its bytes moved into the media storage. */
  forget(uploadId: string): Promise<void>;
  /** A local file with the complete upload's bytes, to probe; putFile may consume it. */
  localCopy(uploadId: string): Promise<string>;
  close(): void;
}

export function createVideoUploads(
  svc: Omit<VideoService, 'uploads'>,
  finish: (upload: VideoUploadsTable) => Promise<{ id: string }>,
): VideoUploads {
  const { ctx, files } = svc;
  // Made at the first upload: the bucket's store loads the AWS SDK, which every start need not.
  let opened: Promise<{ bytes: UploadBytes; tus: Server }> | undefined;
  const open = () => {
    opened ??= openUploadBytes(ctx, files).then((bytes) => ({ bytes, tus: tusOver(bytes) }));
    return opened;
  };
  /** Per request: what the route checked, and the AppError a hook threw (tus turns it into text). */
  const checkedOf = new WeakMap<object, Checked>();
  const thrownOf = new WeakMap<object, AppError>();
  /** The Node.js request under tus's web Request: the key of what the route left for the hooks. */
  const nodeRequestOf = (req: ServerRequest): object => {
    const node = req.runtime?.node?.req;
    if (!node) throw new Error('tus was handed a request without its Node.js request');
    return node;
  };

  async function discard(uploadId: string): Promise<void> {
    await q.deleteUpload(ctx.db, uploadId);
    await forget(uploadId);
  }

  /** Removes the upload from the tus store: its bytes (if still there) and its record. */
  async function forget(uploadId: string): Promise<void> {
    await (await open()).bytes.forget(uploadId);
  }

  const tusOver = (bytes: UploadBytes) =>
    new Server({
      path: '/api/videos/uploads',
      datastore: bytes.store,
      // Upload ids are ours (time-ordered, like every id), and name the row in video_uploads; the
      // store may know an upload by another name (its key in the bucket).
      namingFunction: () => bytes.tusId(newId(ctx.now())),
      generateUrl: (_req, { path, id }) => `${path}/${bytes.uploadId(id)}`,
      getFileIdFromRequest: (_req, lastPath) => (lastPath ? bytes.tusId(lastPath) : undefined),
      maxSize: ctx.config.videos.maxBytes,
      // Same-origin only: tus would otherwise answer every origin with Access-Control-Allow-Origin: *.
      allowedOrigins: () => false,
      async onUploadCreate(req, upload) {
        const node = nodeRequestOf(req);
        const checked = checkedOf.get(node);
        if (!checked?.metadata || upload.size === undefined) throw new Error('an upload created unchecked');
        const { auth, metadata } = checked;
        try {
          await ctx.db.transaction().execute(async (trx) => {
            await checkUploadQuota(ctx, trx, auth.userId, upload.size as number);
            await q.insertUpload(trx, {
              id: bytes.uploadId(upload.id),
              owner_id: auth.userId,
              length: upload.size as number,
              caption: metadata.caption,
              visibility: metadata.visibility,
              created_at: ctx.now(),
              expires_at: ctx.now() + UPLOAD_TTL_MS,
            });
          });
        } catch (error) {
          if (error instanceof AppError) thrownOf.set(node, error);
          throw error;
        }
        return {};
      },
      async onUploadFinish(req, upload: Upload) {
        const node = nodeRequestOf(req);
        const row = await q.getUpload(ctx.db, bytes.uploadId(upload.id));
        if (!row) throw new Error(`upload ${upload.id} finished without its row`);
        try {
          const video = await finish(row);
          return {
            // The finished upload answers with the new video, for clients that want it at once.
            status_code: 200,
            headers: { 'content-type': 'application/json; charset=utf-8', 'liao-video-id': video.id },
            body: JSON.stringify({ video }),
          };
        } catch (error) {
          if (error instanceof AppError) thrownOf.set(node, error);
          throw error;
        }
      },
    });

  /** Our error for a tus refusal that no hook of ours made. */
  async function appErrorOf(request: FastifyRequest, status: number, text: string): Promise<AppError> {
    const uploadId = (request.params as { uploadId?: string }).uploadId;
    switch (status) {
      case 409: {
        const { bytes } = await open();
        const upload = uploadId
          ? await bytes.store.getUpload(bytes.tusId(uploadId)).catch(() => undefined)
          : undefined;
        return new AppError('UPLOAD_OFFSET_MISMATCH', 'Upload-Offset is not where the upload stands.', {
          ...(upload ? { offset: upload.offset } : {}),
        });
      }
      case 413:
        // More bytes than the upload declared: the declared length was a lie, and it is dropped.
        if (request.method === 'PATCH' && uploadId) await discard(uploadId);
        return new AppError('VIDEO_TOO_LARGE', 'More bytes than the upload declared.');
      case 404:
      case 410:
        return new AppError('UPLOAD_NOT_FOUND');
      case 415:
        return new AppError('UNSUPPORTED_MEDIA_TYPE');
      case 400:
      case 403:
      case 412:
        return new AppError('VALIDATION_FAILED', text.trim() || undefined);
      default:
        return new AppError('INTERNAL', undefined, undefined, {
          cause: new Error(`tus ${status}: ${text.trim()}`),
        });
    }
  }

  return {
    discard,
    forget,
    localCopy: async (uploadId) => (await open()).bytes.localCopy(uploadId),
    close() {
      void opened?.then(({ bytes }) => bytes.close());
    },
    async handle(request, reply, checked) {
      if (checked) checkedOf.set(request.raw, checked);
      const { tus } = await open();
      const response = await tus.handleWeb(new NodeRequest({ req: request.raw, res: reply.raw }));
      const text = await response.text();
      if (response.status >= 400) {
        const thrown = thrownOf.get(request.raw);
        throw thrown ?? (await appErrorOf(request, response.status, text));
      }
      for (const [name, value] of response.headers) {
        // Fastify sets the length of what it sends; tus's CORS headers are not wanted (same origin).
        if (name === 'content-length' || name.startsWith('access-control-')) continue;
        reply.header(name, value);
      }
      reply.header('cache-control', 'no-store').status(response.status);
      return reply.send(text === '' ? undefined : text);
    },
  };
}
