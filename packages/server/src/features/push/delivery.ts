import type { PushNotification } from '@liao/protocol';
import type { AppContext } from '../../platform/context';
import type { JobQueue } from '../../platform/jobs/jobQueue';
import type { PresenceTracker } from '../../social/presence';
import * as q from './queries';
import type { PushOptions, Sender } from './sender';
import type { Subscribers } from './subscribers';

/** A send to try again later (its push service failed): one job per notification and device. */
export const SEND_JOB = 'push.send';

/** A send to retry: one notification to one device, the attempt it will be. */
export interface SendJob {
  subscriptionId: string;
  endpoint: string;
  notification: PushNotification;
  options: PushOptions;
  attempt: number;
}

/** What delivering pushes needs: the store, the queue, the sender and who is online where. */
export interface PushService {
  ctx: AppContext;
  jobs: JobQueue;
  sender: Sender;
  /** Live connections per device session, across the cluster. */
  live: PresenceTracker;
  subscribers: Subscribers;
}

/**
 * Sends one notification to one device and deals with the answer: a subscription the push
 * service no longer knows (404, 410) is deleted; a failure worth retrying becomes a send job
 * for later (after Retry-After when the service said, else a growing pause), up to the
 * configured attempts.
 */
export async function deliver(
  service: PushService,
  subscription: q.SubscriptionRow,
  notification: PushNotification,
  options: PushOptions,
  attempt = 1,
): Promise<void> {
  const { ctx } = service;
  const result = await service.sender.send(subscription, notification, options);
  switch (result.kind) {
    case 'sent':
      return;
    case 'gone':
      await q.deleteSubscription(ctx.db, subscription.id, subscription.endpoint);
      await service.subscribers.maybeRemoved(subscription.user_id);
      return;
    case 'refused':
      ctx.log.warn(
        { subscriptionId: subscription.id, status: result.status },
        'push: the push service refused a notification',
      );
      return;
    case 'retry': {
      const { maxAttempts, retryBaseMs } = ctx.config.push;
      if (attempt >= maxAttempts) {
        ctx.log.warn({ subscriptionId: subscription.id, reason: result.reason }, 'push: given up');
        return;
      }
      const pause = result.retryAfterMs ?? retryBaseMs * 4 ** (attempt - 1);
      const job: SendJob = {
        subscriptionId: subscription.id,
        endpoint: subscription.endpoint,
        notification,
        options,
        attempt: attempt + 1,
      };
      await service.jobs.enqueue(ctx.db, SEND_JOB, job, { runAfter: ctx.now() + pause });
      return;
    }
  }
}

/** Runs a retry: the subscription may have gone (or changed endpoint) meanwhile. */
export async function runSendJob(service: PushService, job: SendJob): Promise<void> {
  const subscription = await q.getSubscription(service.ctx.db, job.subscriptionId);
  if (!subscription || subscription.endpoint !== job.endpoint) return;
  await deliver(service, subscription, job.notification, job.options, job.attempt);
}

/** The subscriptions of these users on devices with no live connection anywhere. */
export async function awaySubscriptions(
  service: PushService,
  userIds: readonly string[],
): Promise<q.SubscriptionRow[]> {
  const rows = await q.listSubscriptionsOfUsers(service.ctx.db, userIds);
  const found = new Set(rows.map((r) => r.user_id));
  // Users the set holds without a subscription (their last went with a signed-out session).
  for (const userId of userIds) if (!found.has(userId)) await service.subscribers.maybeRemoved(userId);
  const live = await Promise.all(rows.map((r) => service.live.isOnline(r.session_id)));
  return rows.filter((_, i) => !live[i]);
}

/** A notification with a preview and the same without, for devices that hide previews. */
export interface Notification {
  shown: PushNotification;
  hidden: PushNotification;
  options: PushOptions;
}

/** Pushes to the user's devices that are away, each as its preview setting says. */
export async function notifyAway(service: PushService, userId: string, notification: Notification) {
  const targets = await awaySubscriptions(service, [userId]);
  await Promise.all(
    targets.map((s) =>
      deliver(service, s, s.hide_preview ? notification.hidden : notification.shown, notification.options),
    ),
  );
}
