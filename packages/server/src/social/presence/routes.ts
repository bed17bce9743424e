import { PresenceQuery } from '@liao/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { requireAuth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import { parseInput } from '../../platform/errors';
import { getPresence } from './rules';
import type { PresenceTracker } from './tracker';

export function presenceRoutes(ctx: AppContext, tracker: PresenceTracker): FastifyPluginAsync {
  return async (app) => {
    /** Whether friends are online, else when they were last seen (`?userIds=a,b`); friends only. */
    app.get('/presence', async (request) => {
      const auth = await requireAuth(ctx, request);
      const { userIds } = parseInput(PresenceQuery, request.query);
      return getPresence(ctx, tracker, auth, userIds);
    });
  };
}
