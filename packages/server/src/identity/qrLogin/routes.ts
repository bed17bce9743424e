import { Id, QrClaimBody, QrCodeBody } from '@liao/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../../platform/errors';
import { openAvatar, replySignedIn } from '../accounts';
import { requireAuth } from '../sessions';
import { doCancel, doClaim, doConfirm, doScan, getScannerAvatarId, type QrDeps } from './rules';

const TicketParams = z.strictObject({ ticketId: Id });

/** The phone's side of QR sign-in (signed in) and the desktop's claim (anonymous). */
export function qrLoginRoutes(deps: QrDeps): FastifyPluginAsync {
  const { ctx } = deps;
  return async (app) => {
    app.post('/qr/scan', async (request) => {
      const auth = await requireAuth(ctx, request);
      const { code } = parseInput(QrCodeBody, request.body);
      return doScan(deps, auth, code);
    });

    app.post('/qr/confirm', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      const { code } = parseInput(QrCodeBody, request.body);
      await doConfirm(deps, auth, code);
      return reply.status(204).send();
    });

    app.post('/qr/cancel', async (request, reply) => {
      const auth = await requireAuth(ctx, request);
      const { code } = parseInput(QrCodeBody, request.body);
      await doCancel(deps, auth, code);
      return reply.status(204).send();
    });

    /** Anonymous: the desktop shows who scanned its code before it has a session (rules.ts). */
    app.get('/qr/tickets/:ticketId/avatar', async (request, reply) => {
      const { ticketId } = parseInput(TicketParams, request.params);
      const file = await openAvatar(ctx, await getScannerAvatarId(deps, ticketId));
      // Good only while the ticket waits for its confirmation: never kept.
      return reply
        .type(file.mime)
        .header('content-length', file.size)
        .header('cache-control', 'no-store')
        .send(file.stream);
    });

    /** Anonymous: the claim itself is the proof, and only the desktop's socket ever saw it. */
    app.post('/qr/claim', async (request, reply) => {
      const body = parseInput(QrClaimBody, request.body);
      const result = await doClaim(deps, body);
      return reply.status(201).send(replySignedIn(request, reply, result, body.transport));
    });
  };
}
