import {
  ConversationIdParams,
  CreateGroupBody,
  InviteBody,
  MemberParams,
  NicknameBody,
  OpenDirectBody,
  TransferBody,
  UpdateConversationBody,
} from '@liao/protocol';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { requireAuth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import { parseInput } from '../../platform/errors';
import { doOpenDirect } from './direct';
import { doCreateGroup, doDissolveGroup, doRenameGroup } from './groups';
import {
  doInviteMembers,
  doLeaveGroup,
  doRemoveMember,
  doSetAdmin,
  doSetNickname,
  doTransferOwnership,
  listGroupMembers,
} from './members';
import { doHideConversation, doUpdateOwnSettings } from './settings';
import { getConversationView } from './view';

/*
 * Conversations over HTTP. Every change answers with the caller's view of the conversation
 * afterwards ({ conversation }); other devices and members learn of it live and through sync.
 */
export function conversationsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    async function caller(request: FastifyRequest) {
      const auth = await requireAuth(ctx, request);
      const { conversationId } = parseInput(ConversationIdParams, request.params);
      return { auth, conversationId };
    }

    async function memberCaller(request: FastifyRequest) {
      const auth = await requireAuth(ctx, request);
      const { conversationId, userId } = parseInput(MemberParams, request.params);
      return { auth, conversationId, userId };
    }

    const view = async (conversationId: string, userId: string) => ({
      conversation: await getConversationView(ctx, conversationId, userId),
    });

    /** Opens the one-to-one chat with a friend; the reply names it, sync brings its state. */
    app.post('/conversations/direct', async (request) => {
      const auth = await requireAuth(ctx, request);
      const { userId } = parseInput(OpenDirectBody, request.body);
      return { conversationId: await doOpenDirect(ctx, auth.userId, userId) };
    });

    // Groups

    app.post('/conversations', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      const body = parseInput(CreateGroupBody, request.body);
      const conversationId = await doCreateGroup(ctx, auth, body);
      return reply.status(201).send(await view(conversationId, auth.userId));
    });

    /** The caller's own settings (pinned, muted, marked unread, draft) and, in groups, the name. */
    app.patch('/conversations/:conversationId', async (request) => {
      const { auth, conversationId } = await caller(request);
      const { name, ...own } = parseInput(UpdateConversationBody, request.body);
      // The name first: if it is refused (not a group, not a member), nothing has changed.
      if (name !== undefined) await doRenameGroup(ctx, auth, conversationId, name);
      if (Object.keys(own).length > 0) await doUpdateOwnSettings(ctx, auth, conversationId, own);
      return view(conversationId, auth.userId);
    });

    /** Deletes the conversation from the caller's list (until a new message arrives). */
    app.delete('/conversations/:conversationId', async (request) => {
      const { auth, conversationId } = await caller(request);
      await doHideConversation(ctx, auth, conversationId);
      return view(conversationId, auth.userId);
    });

    app.get('/conversations/:conversationId/members', async (request) => {
      const { auth, conversationId } = await caller(request);
      return listGroupMembers(ctx, auth, conversationId);
    });

    app.post('/conversations/:conversationId/members', async (request) => {
      const { auth, conversationId } = await caller(request);
      const { userIds } = parseInput(InviteBody, request.body);
      await doInviteMembers(ctx, auth, conversationId, userIds);
      return view(conversationId, auth.userId);
    });

    app.delete('/conversations/:conversationId/members/:userId', async (request) => {
      const { auth, conversationId, userId } = await memberCaller(request);
      await doRemoveMember(ctx, auth, conversationId, userId);
      return view(conversationId, auth.userId);
    });

    app.post('/conversations/:conversationId/leave', async (request) => {
      const { auth, conversationId } = await caller(request);
      await doLeaveGroup(ctx, auth, conversationId);
      return view(conversationId, auth.userId);
    });

    app.post('/conversations/:conversationId/owner', async (request) => {
      const { auth, conversationId } = await caller(request);
      const { userId } = parseInput(TransferBody, request.body);
      await doTransferOwnership(ctx, auth, conversationId, userId);
      return view(conversationId, auth.userId);
    });

    app.put('/conversations/:conversationId/admins/:userId', async (request) => {
      const { auth, conversationId, userId } = await memberCaller(request);
      await doSetAdmin(ctx, auth, conversationId, userId, true);
      return view(conversationId, auth.userId);
    });

    app.delete('/conversations/:conversationId/admins/:userId', async (request) => {
      const { auth, conversationId, userId } = await memberCaller(request);
      await doSetAdmin(ctx, auth, conversationId, userId, false);
      return view(conversationId, auth.userId);
    });

    app.post('/conversations/:conversationId/dissolve', async (request) => {
      const { auth, conversationId } = await caller(request);
      await doDissolveGroup(ctx, auth, conversationId);
      return view(conversationId, auth.userId);
    });

    app.put('/conversations/:conversationId/nickname', async (request) => {
      const { auth, conversationId } = await caller(request);
      const { nickname } = parseInput(NicknameBody, request.body);
      await doSetNickname(ctx, auth, conversationId, nickname);
      return view(conversationId, auth.userId);
    });
  };
}
