import { SessionIdParams } from '@liao/protocol';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../platform/context';
import { parseInput } from '../../platform/errors';
import { clearSessionCookie, requireAuth } from './httpAuth';
import { doSignOutDevice, doSignOutOthers, listDevices } from './rules';

/** Clear-Site-Data's value for the HTTP cache only: the page's own storage it wipes itself. */
const FORGET_CACHE = '"cache"';

/** The device sessions of an account (signing in, which makes one, is the accounts' route). */
export function sessionsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/sessions', async (request) => {
      const auth = await requireAuth(ctx, request);
      return { devices: await listDevices(ctx, auth) };
    });

    /** Sign out this device. */
    app.delete('/sessions/current', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      await doSignOutDevice(ctx, auth, auth.sessionId);
      clearSessionCookie(reply);
      return reply.status(204).header('clear-site-data', FORGET_CACHE).send();
    });

    /**
     * Tells the browser to empty its cache of this site: chat pictures and avatars are cached
     * for a year (they never change), so a shared computer would keep them after sign-out.
     * Open to anyone, as it changes nothing but the caller's own browser: the page calls it
     * after a remote sign-out too, when its session is already gone.
     */
    app.post('/sessions/forget-browser', async (_request, reply) =>
      reply.status(204).header('clear-site-data', FORGET_CACHE).send(),
    );

    /** Sign out every other device. */
    app.post('/sessions/sign-out-others', async (request) => {
      const auth = await requireAuth(ctx, request);
      return { signedOutDevices: await doSignOutOthers(ctx, auth) };
    });

    app.delete('/sessions/:sessionId', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      const { sessionId } = parseInput(SessionIdParams, request.params);
      await doSignOutDevice(ctx, auth, sessionId);
      return reply.status(204).send();
    });
  };
}
