import { ConversationIdParams, OpenDirectBody, PresenceQuery } from '@liao/protocol';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context';
import { parseInput } from '../errors';
import { requireAuth } from '../http/auth';
import { requireMembership } from './access';
import { doOpenDirect } from './direct';
import { getPresence } from './presence';
import * as q from './queries';

export function conversationsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    /** Opens the one-to-one chat with a friend; the reply names it, sync brings its state. */
    app.post('/conversations/direct', async (request) => {
      const auth = await requireAuth(ctx, request);
      const { userId } = parseInput(OpenDirectBody, request.body);
      return { conversationId: await doOpenDirect(ctx, auth.userId, userId) };
    });

    app.get('/conversations/:conversationId/members', async (request) => {
      const auth = await requireAuth(ctx, request);
      const { conversationId } = parseInput(ConversationIdParams, request.params);
      const { conversation } = await requireMembership(ctx, conversationId, auth.userId);
      const rows = await q.listMembers(ctx.db, conversationId);
      return {
        membersVersion: conversation.members_version,
        members: rows.map((m) => ({
          userId: m.user_id,
          role: m.role,
          nickname: m.nickname,
          joinedAt: m.joined_at,
        })),
      };
    });

    /** Whether friends are online, else when they were last seen (`?userIds=a,b`); friends only. */
    app.get('/presence', async (request) => {
      const auth = await requireAuth(ctx, request);
      const { userIds } = parseInput(PresenceQuery, request.query);
      return getPresence(ctx, auth, userIds);
    });
  };
}
