import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';

export function friendsRoutes(_ctx: AppContext): FastifyPluginAsync {
  return async () => {};
}
