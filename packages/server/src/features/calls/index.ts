import './busMessages';
import type { MembershipModule } from '../../chat/membership';
import type { AppContext } from '../../platform/context';
import { createJobQueue, type JobHandler } from '../../platform/jobs/jobQueue';
import type { DomainModule } from '../../platform/modules/domainModule';
import type { PushModule } from '../push';
import { ringPushes } from './ringPushes';
import { ALONE_CHECK_JOB, CallService, RING_TIMEOUT_JOB } from './service';
import { SfuHost } from './sfu/host';
import { type IceConfig, iceConfigFor } from './turn';

export interface CallsModule extends DomainModule {
  service: CallService;
  /** The group calls' SFUs this node hosts (tests count its connections). */
  sfu: SfuHost;
}

/**
 * Voice and video calls (issue 19): the signalling ops over /ws, the timers that end rings and
 * lone calls (jobs, so that they survive a restart and run once in a cluster), and a device's
 * drop when its last socket closes.
 */
export function callsModule(
  ctx: AppContext,
  below: { membership: MembershipModule; push: Pick<PushModule, 'notify'> },
  options: { ice?: (userId: string) => IceConfig } = {},
): CallsModule {
  const { config, log } = ctx;
  const jobs = createJobQueue({
    db: ctx.db,
    dialect: ctx.store.dialect,
    handlers: {},
    concurrency: 4,
    leaseMs: config.calls.jobLeaseMs,
    pollMs: config.calls.jobPollMs,
    now: ctx.now,
    log,
  });
  const service = new CallService({
    ctx,
    membership: below.membership,
    jobs,
    // Credentials minted for each call op that joins, so that they outlast the call's start.
    ice: options.ice ?? ((userId) => iceConfigFor(config, userId, ctx.now())),
    ringPushes: ringPushes(ctx, below.push),
  });
  const byCall = (run: (callId: string) => Promise<void>): JobHandler => ({
    run: (job) => run((JSON.parse(job.payload) as { callId: string }).callId),
    failed: async (job, reason) => log.warn({ job: job.id, reason }, 'calls: a timer could not run'),
    forgetWhenDone: true,
  });
  jobs.handle(
    RING_TIMEOUT_JOB,
    byCall((id) => service.ringTimedOut(id)),
  );
  jobs.handle(
    ALONE_CHECK_JOB,
    byCall((id) => service.aloneCheck(id)),
  );

  const sfu = new SfuHost(ctx);
  const sfuFailed = (error: unknown) => log.warn({ err: error }, 'sfu: a signal could not be applied');

  let stopListening: (() => void) | undefined;
  let stopBus: (() => void) | undefined;
  return {
    name: 'features/calls',
    service,
    sfu,
    ops: {
      'call.start': (caller, body) => service.start(caller, body),
      'call.join': (caller, body) => service.join(caller, body),
      'call.decline': (caller, body) => service.decline(caller, body.callId).then(() => ({})),
      'call.leave': (caller, body) => service.leave(caller, body.callId).then(() => ({})),
      'call.signal': (caller, body) => service.signal(caller, body).then(() => ({})),
      'call.sfu': async (caller, body) => {
        // Checked here, on whichever node the device is: nothing of a non-participant's
        // reaches the SFU.
        await service.requireSfuParticipant(caller, body.callId);
        await sfu.route({
          callId: body.callId,
          userId: caller.userId,
          sessionId: caller.sessionId,
          signal: body.signal,
        });
        return {};
      },
      'call.media': (caller, body) => service.media(caller, body).then(() => ({})),
      'call.resume': (caller, body) => service.resume(caller, body.callId),
      'call.active': async (caller) => ({ calls: await service.active(caller.userId) }),
    },
    start({ gateway }) {
      stopBus = ctx.bus.subscribe((message) => {
        if (message.kind === 'call.signal' || message.kind === 'call.sfu.out')
          gateway.sendEventToSession(message.sessionId, message.event);
        else if (message.kind === 'call.sfu.in') {
          if (message.node === config.nodeId) void sfu.handle(message).catch(sfuFailed);
        } else if (message.kind === 'conversation' && message.event.type === 'call.updated')
          void sfu.callChanged(message.event.call).catch(sfuFailed);
        else if (message.kind === 'members.changed')
          void service
            .membersChanged(message.conversationId)
            .catch((error: unknown) =>
              log.error({ err: error }, 'calls: a member change could not be applied'),
            );
      });
      stopListening = gateway.listen({
        opened: () => {},
        closed: (conn) => {
          // Another socket of the same device (a second tab of one session) keeps it in.
          if ((gateway.connections.ofSession(conn.sessionId)?.size ?? 0) > 0) return;
          void service
            .dropped(conn.sessionId)
            .catch((error: unknown) =>
              log.error({ err: error }, 'calls: a dropped device could not be noted'),
            );
        },
      });
      jobs.start();
    },
    async drain() {
      await jobs.close();
    },
    close() {
      stopListening?.();
      stopBus?.();
      void sfu.close().catch(sfuFailed);
    },
  };
}

export type { IceConfig } from './turn';
