import './busMessages';
import type { MembershipModule } from '../../chat/membership';
import type { MessagesModule } from '../../chat/messages';
import type { RedisLink } from '../../platform/backplane/backplane';
import type { EventBus } from '../../platform/bus/eventBus';
import type { AppContext } from '../../platform/context';
import type { MessagesTable } from '../../platform/db/schema';
import { createJobQueue, type JobHandler } from '../../platform/jobs/jobQueue';
import type { DomainModule } from '../../platform/modules/domainModule';
import type { FriendsModule } from '../../social/friends';
import { countConnections } from '../../social/presence';
import {
  type Notification,
  notifyAway,
  type PushService,
  runSendJob,
  SEND_JOB,
  type SendJob,
} from './delivery';
import { friendRequestNotification } from './friendRequests';
import {
  CLEAR_JOB,
  type ClearJob,
  MESSAGE_JOB,
  type MessageJob,
  runClearJob,
  runMessageJob,
} from './messagePushes';
import { pushRoutes } from './routes';
import { createSender } from './sender';
import { Subscribers } from './subscribers';
import { CurrentKeys } from './vapidKeys';

/** A notification for one user's away devices (friend requests; incoming calls next). */
export const NOTIFY_JOB = 'push.notify';
interface NotifyJob {
  userId: string;
  notification: Notification;
}

/** How often every node reads the set of subscribed users again, mending any bus message it missed. */
const RELOAD_SUBSCRIBERS_MS = 10 * 60_000;

export interface PushModule extends DomainModule {
  /**
   * Pushes a notification to the user's devices that have no live connection, if they have
   * any subscribed: from a job, after the caller's change committed. For features that notify
   * (an incoming call, issue 19): `hidden` is what devices hiding previews get.
   */
  notify(userId: string, notification: Notification): Promise<void>;
  /** Resolves once the pushes asked for so far are sent or given up (tests wait for it). */
  whenIdle(): Promise<void>;
}

/**
 * Web Push: notifications that reach a closed app. Devices subscribe (routes); messages,
 * reads and friend requests enqueue jobs after they commit, and whichever node takes a job
 * pushes to the recipients' devices that have no live socket anywhere in the cluster.
 */
export async function pushModule(
  ctx: AppContext,
  redis: RedisLink | null,
  below: { membership: MembershipModule; messages: MessagesModule; friends: FriendsModule },
): Promise<PushModule> {
  const { config, log } = ctx;
  const keys = await CurrentKeys.load(ctx.db, ctx.now());
  const subscribers = new Subscribers(ctx.db, ctx.bus);
  await subscribers.load();
  /**
   * Reads the keys again; after a rotation, the set of subscribed users too, since the
   * subscriptions went with the old keys. Failures wait for the next check or bus message.
   */
  const reloadKeys = () =>
    keys
      .reload(ctx.now())
      .then(async (changed) => {
        if (!changed) return;
        await subscribers.load();
        log.info({ publicKey: keys.value.publicKey }, 'push: signing with rotated VAPID keys');
      })
      .catch((error: unknown) => log.warn({ err: error }, 'push: the VAPID keys could not be read again'));
  const stopBus = ctx.bus.subscribe((message) => {
    if (message.kind === 'push.keysRotated') void reloadKeys();
  });
  // A rotation's message may be among those a gap lost.
  const stopGapWatch = ctx.bus.onGap(() => void reloadKeys());
  const service: PushService = {
    ctx,
    jobs: createJobQueue({
      db: ctx.db,
      dialect: ctx.store.dialect,
      handlers: {},
      concurrency: config.push.concurrency,
      leaseMs: config.push.jobLeaseMs,
      pollMs: config.push.jobPollMs,
      now: ctx.now,
      log,
    }),
    sender: createSender({
      keys: () => keys.value,
      subject: config.push.subject,
      timeoutMs: config.push.sendTimeoutMs,
      allowLoopback: config.push.allowLoopbackEndpoints,
    }),
    // Per device session, fed by the gateway below: the presence machinery under its own keys.
    live: await countConnections(ctx, redis, 'pushlive'),
    subscribers,
  };
  const handler = <Payload>(run: (payload: Payload) => Promise<void>): JobHandler => ({
    run: (job) => run(JSON.parse(job.payload) as Payload),
    // A push that could not be sent is given up; nobody waits for it.
    failed: async () => undefined,
    forgetWhenDone: true,
  });
  service.jobs.handle(
    MESSAGE_JOB,
    handler<MessageJob>((job) => runMessageJob(service, job)),
  );
  service.jobs.handle(
    CLEAR_JOB,
    handler<ClearJob>((job) => runClearJob(service, job)),
  );
  service.jobs.handle(
    NOTIFY_JOB,
    handler<NotifyJob>((job) => notifyAway(service, job.userId, job.notification)),
  );
  service.jobs.handle(
    SEND_JOB,
    handler<SendJob>((job) => runSendJob(service, job)),
  );

  /**
   * Work of the hooks still on its way to the store: deciding who is worth a push (which may
   * read a chat's members) and enqueuing. whenIdle waits for it, since none of it is a job yet.
   */
  const enqueuing = new Set<Promise<void>>();
  function track(work: Promise<void>): Promise<void> {
    const done: Promise<void> = work
      .catch((error: unknown) => log.error({ err: error }, 'push: a job could not be queued'))
      .finally(() => enqueuing.delete(done));
    enqueuing.add(done);
    return done;
  }
  /**
   * Adds a job and wakes this node's runner, off the caller's path: the change it reports has
   * committed already, so a crash in between loses this push (never the change itself).
   */
  function enqueue(kind: string, payload: unknown): Promise<void> {
    return track(
      service.jobs
        .enqueue(ctx.db, kind, payload)
        .then(() => service.jobs.wake())
        .catch((error: unknown) => log.error({ err: error, kind }, 'push: a job could not be queued')),
    );
  }

  // Stored messages: a job per chat of the batch where someone (a recipient, or a sender whose
  // other devices show the chat's notification) has a subscription. With no one subscribed
  // anywhere, this is one check per batch.
  below.messages.hooks.committed.on(async (rows) => {
    if (subscribers.empty) return;
    void track(enqueueMessageJobs(rows));
  });
  async function enqueueMessageJobs(rows: readonly MessagesTable[]): Promise<void> {
    const byChat = new Map<string, number[]>();
    for (const row of rows) {
      if (row.kind === 'system') continue;
      const seqs = byChat.get(row.conversation_id);
      if (seqs) seqs.push(row.seq);
      else byChat.set(row.conversation_id, [row.seq]);
    }
    for (const [conversationId, seqs] of byChat) {
      const members =
        below.membership.members.peek(conversationId) ?? (await below.membership.members.get(conversationId));
      if (members.some((userId) => subscribers.has(userId)) || sentBySubscriber(rows, conversationId))
        void enqueue(MESSAGE_JOB, { conversationId, seqs } satisfies MessageJob);
    }
  }
  const sentBySubscriber = (rows: readonly MessagesTable[], conversationId: string) =>
    rows.some(
      (r) => r.conversation_id === conversationId && r.sender_id !== null && subscribers.has(r.sender_id),
    );

  below.messages.hooks.read.on(async ({ userId, conversationId, sessionId }) => {
    if (!subscribers.has(userId)) return;
    void enqueue(CLEAR_JOB, { userId, conversationId, exceptSessionId: sessionId } satisfies ClearJob);
  });

  const notify = async (userId: string, notification: Notification) => {
    if (!subscribers.has(userId)) return;
    void enqueue(NOTIFY_JOB, { userId, notification } satisfies NotifyJob);
  };
  below.friends.hooks.requested.on((request) => notify(request.to.id, friendRequestNotification(request)));

  let reload: NodeJS.Timeout | undefined;
  let keyCheck: NodeJS.Timeout | undefined;
  let stopListening: (() => void) | undefined;
  return {
    name: 'features/push',
    routes: pushRoutes(ctx, subscribers, () => keys.value.publicKey),
    notify,
    async whenIdle() {
      while (enqueuing.size > 0) await Promise.all([...enqueuing]);
      for (;;) {
        const row = await ctx.db
          .selectFrom('jobs')
          .select('id')
          .where('kind', 'like', 'push.%')
          .where('state', 'in', ['queued', 'running'])
          .limit(1)
          .executeTakeFirst();
        if (!row) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    start({ gateway }) {
      stopListening = gateway.listen({
        opened: (conn) => service.live.opened(conn.sessionId),
        closed: (conn) => service.live.closed(conn.sessionId),
      });
      reload = setInterval(() => void subscribers.load().catch(() => undefined), RELOAD_SUBSCRIBERS_MS);
      reload.unref();
      keyCheck = setInterval(() => void reloadKeys(), config.push.keyCheckMs);
      keyCheck.unref();
      service.jobs.start();
    },
    // Pushes being sent are handed back at once, for another node (or the next start) to send.
    async drain() {
      clearInterval(reload);
      clearInterval(keyCheck);
      await service.jobs.close();
      await Promise.all([...enqueuing]);
    },
    async close() {
      stopListening?.();
      stopBus();
      stopGapWatch();
      await service.live.close();
      subscribers.close();
      service.sender.close();
    },
  };
}

/** Tells every node that the keys were rotated (rotateVapidKeys), so that they stop signing with the old. */
export async function publishKeysRotated(deps: { bus: EventBus }): Promise<void> {
  await deps.bus.publish({ kind: 'push.keysRotated' });
}

export { badgeCountOf } from './badge';
export type { Notification } from './delivery';
export { chatUrl } from './messagePushes';
export { type KeyRotation, rotateVapidKeys } from './vapidKeys';
