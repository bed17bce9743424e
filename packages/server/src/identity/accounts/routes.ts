import {
  type AuthResult,
  ChangePasswordBody,
  describeUserAgent,
  Id,
  RegisterBody,
  type RegistrationInfo,
  SignInBody,
  UpdateProfileBody,
} from '@liao/protocol';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { AppError, parseInput } from '../../platform/errors';
import { sendMedia } from '../../platform/http/sendMedia';
import { requireAuth, setSessionCookie } from '../sessions';
import { openAvatar } from './avatars';
import type { ProfileHooks } from './profileHooks';

import {
  type Caller,
  doChangePassword,
  doRegister,
  doSetAvatar,
  doSignIn,
  doUpdateProfile,
  getMe,
  type SignedIn,
} from './rules';

/** Avatars arrive as the raw image body; the content is checked, never the declared type. */
const AVATAR_BODY_LIMIT = 10 * 1024 * 1024;
const AvatarParams = z.strictObject({ avatarId: Id });

export function callerOf(request: FastifyRequest, device: Caller['device'] | undefined): Caller {
  const userAgent = request.headers['user-agent'] ?? '';
  return { ip: request.ip, userAgent, device: device ?? describeUserAgent(userAgent) };
}

/** Replies to a sign-in or registration: the token goes in a cookie, or in the body if asked. */
export function replySignedIn(
  request: FastifyRequest,
  reply: FastifyReply,
  result: SignedIn,
  transport: 'cookie' | 'bearer',
): AuthResult {
  if (transport === 'cookie') setSessionCookie(request, reply, result.token);
  return {
    user: result.user,
    device: result.device,
    ...(transport === 'bearer' ? { token: result.token } : {}),
  };
}

export function accountsRoutes(ctx: AppContext, hooks: ProfileHooks): FastifyPluginAsync {
  return async (app) => {
    /** Sign in with username and password: a new device session (the sessions' routes list and end them). */
    app.post('/sessions', async (request, reply) => {
      const body = parseInput(SignInBody, request.body);
      const result = await doSignIn(ctx, body, callerOf(request, body.device));
      return reply.status(201).send(replySignedIn(request, reply, result, body.transport));
    });

    /** An avatar, to anyone signed in (they show beside names everywhere). */
    app.get('/media/avatars/:avatarId', async (request, reply) => {
      await requireAuth(ctx, request);
      const { avatarId } = parseInput(AvatarParams, request.params);
      return sendMedia(reply, await openAvatar(ctx, avatarId));
    });

    app.post('/accounts', async (request, reply) => {
      const body = parseInput(RegisterBody, request.body);
      const result = await doRegister(ctx, body, callerOf(request, body.device));
      return reply.status(201).send(replySignedIn(request, reply, result, body.transport));
    });

    /** Asked by the sign-up pages before anyone types, so that a closed server says so at once. */
    app.get(
      '/accounts/registration',
      async (): Promise<RegistrationInfo> => ({ open: ctx.config.registration === 'open' }),
    );

    app.get('/me', async (request) => {
      const auth = await requireAuth(ctx, request);
      return getMe(ctx, auth);
    });

    app.patch('/me', async (request) => {
      const auth = await requireAuth(ctx, request);
      return doUpdateProfile(ctx, hooks, auth, parseInput(UpdateProfileBody, request.body));
    });

    // In its own scope, so that the image parsers apply to this route only: the JSON
    // routes above refuse an image body with 415 instead of handing zod a Buffer.
    await app.register(async (avatar) => {
      // Only images here: a JSON body is refused with 415 before it is read, rather than
      // parsed (up to the 10 MB upload limit) only to be refused afterwards.
      avatar.removeContentTypeParser('application/json');
      avatar.addContentTypeParser(
        [
          'image/png',
          'image/jpeg',
          'image/webp',
          'image/gif',
          'image/heic',
          'image/heif',
          'image/avif',
          'application/octet-stream',
        ],
        { parseAs: 'buffer', bodyLimit: AVATAR_BODY_LIMIT },
        (_request, body, done) => done(null, body),
      );

      avatar.put('/me/avatar', { bodyLimit: AVATAR_BODY_LIMIT }, async (request) => {
        const auth = await requireAuth(ctx, request);
        // No body at all (no content type) is not an upload either.
        if (!Buffer.isBuffer(request.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        return doSetAvatar(ctx, hooks, auth, request.body);
      });
    });

    app.post('/me/password', async (request) => {
      const auth = await requireAuth(ctx, request);
      const signedOut = await doChangePassword(ctx, auth, parseInput(ChangePasswordBody, request.body));
      return { signedOutDevices: signedOut };
    });
  };
}
