import { PatchPushSubscriptionBody, PutPushSubscriptionBody } from '@liao/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { requireAuth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import { parseInput } from '../../platform/errors';
import { doDeleteSubscription, doPatchSubscription, doPutSubscription, getSubscriptionState } from './rules';
import type { Subscribers } from './subscribers';

/**
 * The VAPID public key and this device's subscription. Every route but the key acts on the
 * caller's own device session only: there is no way to name another.
 */
export function pushRoutes(
  ctx: AppContext,
  subscribers: Subscribers,
  publicKey: () => string,
): FastifyPluginAsync {
  return async (app) => {
    /** What the browser subscribes with; a device holding another key subscribes again. */
    app.get('/push/key', async (request) => {
      await requireAuth(ctx, request);
      return { publicKey: publicKey() };
    });

    app.get('/push/subscription', async (request) =>
      getSubscriptionState(ctx, await requireAuth(ctx, request)),
    );

    app.put('/push/subscription', async (request) => {
      const auth = await requireAuth(ctx, request);
      return doPutSubscription(ctx, subscribers, auth, parseInput(PutPushSubscriptionBody, request.body));
    });

    app.patch('/push/subscription', async (request) => {
      const auth = await requireAuth(ctx, request);
      return doPatchSubscription(ctx, auth, parseInput(PatchPushSubscriptionBody, request.body));
    });

    app.delete('/push/subscription', async (request, reply) => {
      await doDeleteSubscription(ctx, subscribers, await requireAuth(ctx, request));
      return reply.status(204).send();
    });
  };
}
