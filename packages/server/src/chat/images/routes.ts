import { Id, MAX_IMAGE_BYTES } from '@liao/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Auth } from '../../identity/sessions';
import { requireAuth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import { AppError, parseInput } from '../../platform/errors';
import { sendMedia } from '../../platform/http/sendMedia';
import { checkImageUpload, doUploadImage, type ImageVariant, openChatImage } from './rules';

const ImageParams = z.strictObject({ imageId: Id });
const UploadParams = z.strictObject({ conversationId: Id });

/** The content types an image upload may declare; the server goes by the content itself. */
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/heic', 'image/heif'];

/** Chat pictures: uploading one into a conversation, and reading it and its thumbnail. */
export function imagesRoutes(ctx: AppContext): FastifyPluginAsync {
  /** Who is uploading, as the pre-body check found (so the handler does not ask again). */
  const uploaders = new WeakMap<object, Auth>();
  return async (app) => {
    for (const [path, variant] of [
      ['/media/images/:imageId', 'full'],
      ['/media/images/:imageId/thumb', 'thumb'],
    ] as const satisfies readonly (readonly [string, ImageVariant])[]) {
      app.get(path, async (request, reply) => {
        const auth = await requireAuth(ctx, request);
        const { imageId } = parseInput(ImageParams, request.params);
        return sendMedia(reply, await openChatImage(ctx, auth, imageId, variant));
      });
    }

    // In its own scope, so that the image parsers apply to the upload only (as for avatars).
    await app.register(async (upload) => {
      upload.removeContentTypeParser('application/json');
      upload.addContentTypeParser(
        IMAGE_TYPES,
        { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES },
        (_request, body, done) => done(null, body),
      );

      upload.post(
        '/conversations/:conversationId/images',
        {
          bodyLimit: MAX_IMAGE_BYTES,
          // Refusals that need no body (signed out, not allowed to send, too many uploads) come
          // before up to 20 MB is read.
          onRequest: async (request) => {
            const auth = await requireAuth(ctx, request);
            const { conversationId } = parseInput(UploadParams, request.params);
            await checkImageUpload(ctx, auth, conversationId);
            uploaders.set(request, auth);
          },
        },
        async (request, reply) => {
          const auth = uploaders.get(request) ?? (await requireAuth(ctx, request));
          const { conversationId } = parseInput(UploadParams, request.params);
          if (!Buffer.isBuffer(request.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
          return reply.status(201).send(await doUploadImage(ctx, auth, conversationId, request.body));
        },
      );
    });
  };
}
