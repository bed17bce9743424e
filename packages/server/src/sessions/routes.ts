import { SessionIdParams, SignInBody } from '@liao/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { callerOf, replySignedIn } from '../accounts/routes';
import { doSignIn } from '../accounts/rules';
import type { AppContext } from '../context';
import { parseInput } from '../errors';
import { clearSessionCookie, requireAuth } from '../http/auth';
import { doSignOutDevice, doSignOutOthers, listDevices } from './rules';

export function sessionsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    /** Sign in with username and password: a new device session. */
    app.post('/sessions', async (request, reply) => {
      const body = parseInput(SignInBody, request.body);
      const result = await doSignIn(ctx, body, callerOf(request, body.device));
      return reply.status(201).send(replySignedIn(request, reply, result, body.transport));
    });

    app.get('/sessions', async (request) => {
      const auth = await requireAuth(ctx, request);
      return { devices: await listDevices(ctx, auth) };
    });

    /** Sign out this device. */
    app.delete('/sessions/current', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      await doSignOutDevice(ctx, auth, auth.sessionId);
      clearSessionCookie(reply);
      return reply.status(204).send();
    });

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
