import { createECDH } from 'node:crypto';
import {
  type PatchPushSubscriptionBody,
  type PushSubscriptionState,
  type PutPushSubscriptionBody,
  pushEndpointProblem,
} from '@liao/protocol';
import type { z } from 'zod';
import type { Auth } from '../../identity/sessions';
import type { AppContext } from '../../platform/context';
import { fromBool } from '../../platform/db/dialect';
import { AppError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { enforce } from '../../platform/ratelimit/enforce';
import * as q from './queries';
import type { Subscribers } from './subscribers';

/** Stable reasons in VALIDATION_FAILED's issue when an endpoint or key is refused. */
export type PushRefusal =
  | 'PUSH_ENDPOINT_NOT_HTTPS'
  | 'PUSH_ENDPOINT_NOT_PUBLIC'
  | 'PUSH_ENDPOINT_TAKEN'
  | 'PUSH_KEY_INVALID';

function refuse(path: string, reason: PushRefusal, message: string): never {
  throw new AppError('VALIDATION_FAILED', `${path} ${message}`, {
    issues: [{ path, message, rule: 'invalid', reason }],
  });
}

/** The loopback hosts a test's own push service listens on (config.push.allowLoopbackEndpoints). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

/**
 * Refuses an endpoint the server must not call (see pushEndpointProblem): anything but https
 * to a public host name. The tests' loopback push service is let through only where the
 * configuration allows it, which no environment variable does.
 */
export function checkEndpoint(ctx: AppContext, endpoint: string): void {
  const url = new URL(endpoint);
  if (ctx.config.push.allowLoopbackEndpoints && LOOPBACK_HOSTS.has(url.hostname)) return;
  const problem = pushEndpointProblem(endpoint);
  if (problem === 'notHttps') refuse('endpoint', 'PUSH_ENDPOINT_NOT_HTTPS', 'must be an https URL');
  if (problem === 'notPublicHost')
    refuse('endpoint', 'PUSH_ENDPOINT_NOT_PUBLIC', 'must name a public host, not an address or a local name');
}

/** The browser's key must be a point on P-256, or no payload could ever be encrypted for it. */
function checkKeys(keys: { p256dh: string }): void {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.alloc(32, 1));
    ecdh.computeSecret(Buffer.from(keys.p256dh, 'base64url'));
  } catch {
    refuse('keys.p256dh', 'PUSH_KEY_INVALID', 'is not a P-256 public key');
  }
}

function stateOf(row: q.SubscriptionRow | undefined): PushSubscriptionState {
  return {
    subscription: row
      ? { endpoint: row.endpoint, hidePreview: row.hide_preview !== 0, createdAt: row.created_at }
      : null,
  };
}

export async function getSubscriptionState(ctx: AppContext, auth: Auth): Promise<PushSubscriptionState> {
  return stateOf(await q.getSubscriptionOfSession(ctx.db, auth.sessionId));
}

/**
 * Sets this device's subscription (one per device session: a new one replaces the old). The
 * preview setting carries over when not given; a first subscription hides previews.
 */
export async function doPutSubscription(
  ctx: AppContext,
  subscribers: Subscribers,
  auth: Auth,
  body: z.output<typeof PutPushSubscriptionBody>,
): Promise<PushSubscriptionState> {
  checkEndpoint(ctx, body.endpoint);
  checkKeys(body.keys);
  enforce(
    await ctx.limiter.hit(`push:user:${auth.userId}`, ctx.config.rateLimits.pushSubscriptionChangesPerUser),
  );
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await q.getSubscriptionOfSession(trx, auth.sessionId);
    const holder = await q.getSubscriptionByEndpoint(trx, body.endpoint);
    // Only a device of the same account may take an endpoint over (the same browser signed in
    // again); another account's subscription is not this caller's to replace.
    if (holder && holder.user_id !== auth.userId)
      refuse('endpoint', 'PUSH_ENDPOINT_TAKEN', 'is another account’s subscription');
    await q.replaceSubscription(trx, {
      id: newId(now),
      session_id: auth.sessionId,
      user_id: auth.userId,
      endpoint: body.endpoint,
      p256dh: body.keys.p256dh,
      auth: body.keys.auth,
      hide_preview: fromBool(body.hidePreview ?? (before ? before.hide_preview !== 0 : true)),
      created_at: now,
      updated_at: now,
    });
  });
  await subscribers.added(auth.userId);
  return getSubscriptionState(ctx, auth);
}

/** Changes this device's preview setting; a device without a subscription has nothing to change. */
export async function doPatchSubscription(
  ctx: AppContext,
  auth: Auth,
  body: z.output<typeof PatchPushSubscriptionBody>,
): Promise<PushSubscriptionState> {
  enforce(
    await ctx.limiter.hit(`push:user:${auth.userId}`, ctx.config.rateLimits.pushSubscriptionChangesPerUser),
  );
  await q.setHidePreview(ctx.db, auth.sessionId, fromBool(body.hidePreview), ctx.now());
  return getSubscriptionState(ctx, auth);
}

/** Turns push off on this device (nothing to do when it had none). */
export async function doDeleteSubscription(
  ctx: AppContext,
  subscribers: Subscribers,
  auth: Auth,
): Promise<void> {
  const userId = await q.deleteSubscriptionOfSession(ctx.db, auth.sessionId);
  if (userId) await subscribers.maybeRemoved(userId);
}
