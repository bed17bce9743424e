import { ShareVideoBody, VideoIdParams } from '@liao/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { requireAuth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import { parseInput } from '../../platform/errors';
import { doShareVideo, type SendAs } from './shares';

/** POST /api/videos/:videoId/share: WeChat's forward, into up to nine chats at once. */
export function videoShareRoutes(ctx: AppContext, send: SendAs): FastifyPluginAsync {
  return async (app) => {
    app.post('/videos/:videoId/share', async (request) => {
      const auth = await requireAuth(ctx, request);
      const { videoId } = parseInput(VideoIdParams, request.params);
      const body = parseInput(ShareVideoBody, request.body);
      return doShareVideo(ctx, send, auth, videoId, body);
    });
  };
}
