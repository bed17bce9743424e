import { Id } from '@liao/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context';
import { parseInput } from '../errors';
import { requireAuth } from '../http/auth';
import { openAvatar } from './rules';

const AvatarParams = z.strictObject({ avatarId: Id });

export function mediaRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/media/avatars/:avatarId', async (request, reply) => {
      await requireAuth(ctx, request);
      const { avatarId } = parseInput(AvatarParams, request.params);
      const file = await openAvatar(ctx, avatarId);
      return reply
        .type(file.mime)
        .header('content-length', file.size)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(file.stream);
    });
  };
}
