import {
  FriendRequestIdParams,
  SearchUserQuery,
  SendFriendRequestBody,
  UpdateFriendBody,
  UserIdParams,
} from '@liao/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { requireAuth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import { parseInput } from '../../platform/errors';
import { doBlock, doUnblock, listBlocked } from './blocks';
import type { FriendHooks } from './friendHooks';
import { doDeleteFriend, doSetRemark, listFriends } from './friendships';
import {
  doAcceptFriendRequest,
  doCancelFriendRequest,
  doDeclineFriendRequest,
  doSendFriendRequest,
  listFriendRequests,
} from './requests';
import { getUserCard, searchUser } from './search';

export function friendsRoutes(ctx: AppContext, hooks: FriendHooks): FastifyPluginAsync {
  return async (app) => {
    // Users

    /** Exact username, without case. (A static path: fastify matches it before /users/:userId.) */
    app.get('/users/search', async (request) => {
      const auth = await requireAuth(ctx, request);
      const { username } = parseInput(SearchUserQuery, request.query);
      return searchUser(ctx, auth, username);
    });

    app.get('/users/:userId', async (request) => {
      const auth = await requireAuth(ctx, request);
      const { userId } = parseInput(UserIdParams, request.params);
      return getUserCard(ctx, auth, userId);
    });

    // Friend requests

    app.post('/friend-requests', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      const body = parseInput(SendFriendRequestBody, request.body);
      return reply.status(201).send(await doSendFriendRequest(ctx, hooks, auth, body));
    });

    app.get('/friend-requests', async (request) => {
      const auth = await requireAuth(ctx, request);
      return listFriendRequests(ctx, auth);
    });

    app.post('/friend-requests/:requestId/accept', async (request) => {
      const auth = await requireAuth(ctx, request);
      const { requestId } = parseInput(FriendRequestIdParams, request.params);
      return { friend: await doAcceptFriendRequest(ctx, hooks, auth, requestId) };
    });

    app.post('/friend-requests/:requestId/decline', async (request) => {
      const auth = await requireAuth(ctx, request);
      const { requestId } = parseInput(FriendRequestIdParams, request.params);
      return { request: await doDeclineFriendRequest(ctx, auth, requestId) };
    });

    /** Withdraws a request the caller sent. */
    app.delete('/friend-requests/:requestId', async (request) => {
      const auth = await requireAuth(ctx, request);
      const { requestId } = parseInput(FriendRequestIdParams, request.params);
      return { request: await doCancelFriendRequest(ctx, auth, requestId) };
    });

    // Friends

    app.get('/friends', async (request) => {
      const auth = await requireAuth(ctx, request);
      return listFriends(ctx, auth);
    });

    app.patch('/friends/:userId', async (request) => {
      const auth = await requireAuth(ctx, request);
      const { userId } = parseInput(UserIdParams, request.params);
      const { remark } = parseInput(UpdateFriendBody, request.body);
      return doSetRemark(ctx, auth, userId, remark);
    });

    app.delete('/friends/:userId', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      const { userId } = parseInput(UserIdParams, request.params);
      await doDeleteFriend(ctx, hooks, auth, userId);
      return reply.status(204).send();
    });

    // Blocks

    app.get('/blocks', async (request) => {
      const auth = await requireAuth(ctx, request);
      return listBlocked(ctx, auth);
    });

    app.put('/blocks/:userId', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      const { userId } = parseInput(UserIdParams, request.params);
      await doBlock(ctx, hooks, auth, userId);
      return reply.status(204).send();
    });

    app.delete('/blocks/:userId', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      const { userId } = parseInput(UserIdParams, request.params);
      await doUnblock(ctx, auth, userId);
      return reply.status(204).send();
    });
  };
}
