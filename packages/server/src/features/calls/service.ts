import './busMessages';
import {
  CALL_MAX_PARTICIPANTS,
  type Call,
  type CallEndReason,
  type CallJoined,
  type CallMediaStateBody,
  type CallSignalBody,
  type JoinCallBody,
  type StartCallBody,
} from '@liao/protocol';
import type { z } from 'zod';
import {
  type MembershipModule,
  membershipQueries,
  requireMembership,
  requireSendable,
} from '../../chat/membership';
import { appendMessages, publishMessages } from '../../chat/messages';
import type { Caller } from '../../platform/caller';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/database';
import { isUniqueViolation, lockKey } from '../../platform/db/dialect';
import type { CallParticipantsTable, CallsTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { JobQueue } from '../../platform/jobs/jobQueue';
import * as q from './queries';
import type { RingPushes } from './ringPushes';
import type { IceConfig } from './turn';

/** Rings that came due: stop ringing, and end a call nobody answered. */
export const RING_TIMEOUT_JOB = 'call.ringTimeout';
/** A device dropped: end the call if nobody else is left once its grace is over. */
export const ALONE_CHECK_JOB = 'call.aloneCheck';

export interface CallsDeps {
  ctx: AppContext;
  membership: MembershipModule;
  jobs: JobQueue;
  /** TURN credentials for this user, minted per call (features/calls/turn.ts). */
  ice(userId: string): IceConfig;
  /** Rings on devices whose app is closed (Web Push). */
  ringPushes?: RingPushes;
}

type Media = z.output<typeof CallMediaStateBody>;
type Join = z.output<typeof JoinCallBody>;
type Signal = z.output<typeof CallSignalBody>;
type Start = z.output<typeof StartCallBody>;

/**
 * The rules of calls (issue 19), with the store as the truth so that any node answers any op:
 * who may ring, answer, join and signal, what ends a call, and the line it leaves in the chat.
 * Every change publishes the call as it now is (`call.updated`) to the conversation's members;
 * signals go to the one device they are for.
 */
export class CallService {
  constructor(private readonly deps: CallsDeps) {}

  private get ctx(): AppContext {
    return this.deps.ctx;
  }

  private get db(): Db {
    return this.deps.ctx.db;
  }

  async start(caller: Caller, body: Start): Promise<CallJoined> {
    const { conversation } = await this.requireCallable(body.conversationId, caller.userId);
    const running = await q.runningCallOf(this.db, conversation.id);
    // Both sides of a chat calling at once, or a group call already running: one call, joined.
    if (running) return this.join(caller, { callId: running.id, media: body.media });
    await this.ctx.limiter.hit(`call:user:${caller.userId}`, this.ctx.config.rateLimits.callStartsPerUser);
    const others = (await this.deps.membership.members.get(conversation.id)).filter(
      (id) => id !== caller.userId,
    );
    const now = this.ctx.now();
    const call: CallsTable = {
      id: newId(),
      conversation_id: conversation.id,
      media: body.media,
      topology: conversation.kind === 'direct' ? 'p2p' : 'sfu',
      started_by: caller.userId,
      started_at: now,
      answered_at: null,
      ended_at: null,
      end_reason: null,
      host_node: null,
    };
    let rung: string[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        await q.insertCall(trx, call);
        await q.insertParticipant(trx, this.participantRow(call.id, caller, body.media, now));
        // Someone in another call is not rung: a one-to-one caller hears "忙线中".
        const busy = await q.usersInCalls(trx, others);
        rung = others.filter((id) => !busy.has(id));
        await q.insertRinging(trx, call.id, rung);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another call of this conversation started at the same moment: join it, unless the
      // caller is the one already in a call.
      const raced = await q.runningCallOf(this.db, conversation.id);
      const inCall = (await q.usersInCalls(this.db, [caller.userId])).has(caller.userId);
      if (raced && !inCall) return this.join(caller, { callId: raced.id, media: body.media });
      throw new AppError('ALREADY_IN_CALL');
    }
    if (rung.length === 0 && call.topology === 'p2p') {
      await this.end(call.id, 'busy');
    } else {
      await this.deps.jobs.enqueue(
        this.db,
        RING_TIMEOUT_JOB,
        { callId: call.id },
        {
          runAfter: now + this.ctx.config.calls.ringMs,
        },
      );
      this.deps.jobs.wake();
      await this.publish(call.id);
      await this.deps.ringPushes?.started(call, rung);
    }
    return this.joined(call.id, caller.userId);
  }

  /** Answers a ringing call, or joins a running group call, with the caller's device. */
  async join(caller: Caller, body: Join): Promise<CallJoined> {
    const call = await this.requireCallOfMember(body.callId, caller.userId);
    await this.requireCallable(call.conversation_id, caller.userId);
    if (call.ended_at !== null) throw new AppError('CALL_ENDED');
    const now = this.ctx.now();
    try {
      await this.db.transaction().execute(async (trx) => {
        // Joins of one call one at a time: the count below stays true until this one commits.
        await lockKey(trx, this.ctx.store.dialect, `call:${call.id}`);
        const current = await q.getCall(trx, call.id);
        if (!current || current.ended_at !== null) throw new AppError('CALL_ENDED');
        const inCall = await q.participantsOf(trx, call.id);
        if (inCall.some((p) => p.session_id === caller.sessionId)) return;
        if (inCall.some((p) => p.user_id === caller.userId)) throw new AppError('CALL_ANSWERED_ELSEWHERE');
        if (inCall.length >= CALL_MAX_PARTICIPANTS) throw new AppError('CALL_FULL');
        await q.insertParticipant(trx, this.participantRow(call.id, caller, body.media, now));
        await q.stopRinging(trx, call.id, caller.userId);
        await q.markAnswered(trx, call.id, now);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('ALREADY_IN_CALL');
      throw error;
    }
    await this.publish(call.id);
    await this.deps.ringPushes?.stopped(call.id, [caller.userId]);
    return this.joined(call.id, caller.userId);
  }

  /** The callee says no: their devices stop ringing, and a one-to-one call ends. */
  async decline(caller: Caller, callId: string): Promise<void> {
    const call = await this.requireCallOfMember(callId, caller.userId);
    if (call.ended_at !== null) return;
    const stopped = await q.stopRinging(this.db, call.id, caller.userId);
    if (!stopped) return;
    await this.deps.ringPushes?.stopped(call.id, [caller.userId]);
    if (call.topology === 'p2p' && call.answered_at === null) await this.end(call.id, 'declined');
    else await this.settle(call.id);
  }

  /** Hangs up the caller's device. */
  async leave(caller: Caller, callId: string): Promise<void> {
    const call = await this.requireCallOfMember(callId, caller.userId);
    if (call.ended_at !== null) return;
    const me = await q.participantOfSession(this.db, call.id, caller.sessionId);
    if (!me) throw new AppError('NOT_IN_CALL');
    await q.leave(this.db, me.id, this.ctx.now());
    if (call.topology === 'p2p') {
      // Two people: either one hanging up ends it; the caller before an answer cancels it.
      await this.end(call.id, call.answered_at === null ? 'cancelled' : 'ended');
      return;
    }
    await this.settle(call.id);
  }

  /** Relays negotiation to another device of the call; both must be in it. */
  async signal(caller: Caller, body: Signal): Promise<void> {
    const from = await q.participantOfSession(this.db, body.callId, caller.sessionId);
    if (!from || from.user_id !== caller.userId) throw new AppError('NOT_IN_CALL');
    const to = await q.participantOfSession(this.db, body.callId, body.toSessionId);
    if (!to) throw new AppError('NOT_IN_CALL');
    await this.ctx.bus.publish({
      kind: 'call.signal',
      sessionId: to.session_id,
      event: {
        type: 'call.signal',
        callId: body.callId,
        fromUserId: caller.userId,
        fromSessionId: caller.sessionId,
        signal: body.signal,
      },
    });
  }

  /** The caller's device is in this group call: only then may it negotiate with the SFU. */
  async requireSfuParticipant(caller: Caller, callId: string): Promise<void> {
    const call = await q.getCall(this.db, callId);
    const me = await q.participantOfSession(this.db, callId, caller.sessionId);
    // A one-to-one call has no SFU: its devices are not in any SFU call either.
    if (call?.topology !== 'sfu' || me?.user_id !== caller.userId) throw new AppError('NOT_IN_CALL');
    if (call.ended_at !== null) throw new AppError('CALL_ENDED');
  }

  async media(caller: Caller, body: Media): Promise<void> {
    const me = await q.participantOfSession(this.db, body.callId, caller.sessionId);
    if (!me || me.user_id !== caller.userId) throw new AppError('NOT_IN_CALL');
    await q.setMedia(this.db, me.id, body);
    await this.publish(body.callId);
  }

  /** The device is back after its socket dropped: fresh credentials, and the others stop waiting. */
  async resume(caller: Caller, callId: string): Promise<CallJoined> {
    const me = await q.participantOfSession(this.db, callId, caller.sessionId);
    if (!me || me.user_id !== caller.userId) throw new AppError('NOT_IN_CALL');
    if (me.disconnected_at !== null) {
      await q.setDisconnected(this.db, me.id, null);
      await this.publish(callId);
    }
    return this.joined(callId, caller.userId);
  }

  /** The calls running in the user's conversations. */
  async active(userId: string): Promise<Call[]> {
    const calls = await q.runningCallsOfMember(this.db, userId);
    return Promise.all(calls.map((c) => this.present(c)));
  }

  /** A device's last socket closed: its calls wait CALL_ALONE_MS for it to come back. */
  async dropped(sessionId: string): Promise<void> {
    const now = this.ctx.now();
    for (const part of await q.callsOfSession(this.db, sessionId)) {
      if (part.disconnected_at !== null) continue;
      await q.setDisconnected(this.db, part.id, now);
      await this.deps.jobs.enqueue(
        this.db,
        ALONE_CHECK_JOB,
        { callId: part.call_id },
        {
          runAfter: now + this.ctx.config.calls.aloneMs,
        },
      );
      this.deps.jobs.wake();
      await this.publish(part.call_id);
    }
  }

  /** Members who left the conversation (or were removed) leave its call at once. */
  async membersChanged(conversationId: string): Promise<void> {
    const call = await q.runningCallOf(this.db, conversationId);
    if (!call) return;
    const members = new Set(await membershipQueries.listActiveMemberIds(this.db, conversationId));
    const inCall = [
      ...(await q.participantsOf(this.db, call.id)).map((p) => p.user_id),
      ...(await q.ringingOf(this.db, call.id)),
    ];
    const gone = [...new Set(inCall.filter((id) => !members.has(id)))];
    if (gone.length === 0) return;
    await this.db.transaction().execute((trx) => q.removeUsers(trx, call.id, gone, this.ctx.now()));
    await this.deps.ringPushes?.stopped(call.id, gone);
    // They no longer get the conversation's events: each is told the call as it is without them.
    const now = await this.settle(call.id);
    await this.ctx.bus.publish({ kind: 'event', userIds: gone, event: { type: 'call.updated', call: now } });
  }

  /** RING_TIMEOUT_JOB: nobody rings any longer; a call nobody answered is missed. */
  async ringTimedOut(callId: string): Promise<void> {
    const call = await q.getCall(this.db, callId);
    if (!call || call.ended_at !== null) return;
    // Ended first, so that the rings' clearing counts the missed line in the badge.
    if (call.answered_at === null) {
      await this.end(callId, 'missed');
      return;
    }
    const rung = await q.ringingOf(this.db, callId);
    await this.db.transaction().execute((trx) => q.stopAllRinging(trx, callId));
    await this.deps.ringPushes?.stopped(callId, rung);
    await this.settle(callId);
  }

  /** ALONE_CHECK_JOB: devices gone for CALL_ALONE_MS leave; a call left with nobody to talk to ends. */
  async aloneCheck(callId: string): Promise<void> {
    const call = await q.getCall(this.db, callId);
    if (!call || call.ended_at !== null) return;
    const now = this.ctx.now();
    const graceMs = this.ctx.config.calls.aloneMs;
    const stale = (await q.participantsOf(this.db, callId)).filter(
      (p) => p.disconnected_at !== null && p.disconnected_at + graceMs <= now,
    );
    for (const part of stale) await q.leave(this.db, part.id, now);
    // Another check may have taken the dropped device out first: it is still why the call ends.
    await this.settle(callId, (await q.someoneDroppedOut(this.db, callId)) ? 'failed' : 'ended');
  }

  /**
   * After someone left, dropped for good or stopped ringing: a call with nobody to talk to
   * ends; a group call with one person left waits CALL_ALONE_MS for others to come back
   * (`checked`: that wait is over, and how the call ends if nobody came). Otherwise the
   * members learn how it stands. Returns the call as it now is.
   */
  private async settle(callId: string, checked?: CallEndReason): Promise<Call> {
    const call = await q.getCall(this.db, callId);
    if (!call || call.ended_at !== null) return this.presentById(callId);
    const inCall = await q.participantsOf(this.db, callId);
    const ringing = await q.ringingOf(this.db, callId);
    const answered = call.answered_at !== null;
    if (inCall.length === 0) {
      await this.end(callId, answered ? (checked ?? 'ended') : 'cancelled');
    } else if (answered && call.topology === 'p2p' && inCall.length < 2) {
      await this.end(callId, checked ?? 'ended');
    } else if (answered && inCall.length === 1 && ringing.length === 0) {
      if (checked) {
        await this.end(callId, checked);
      } else {
        await this.deps.jobs.enqueue(
          this.db,
          ALONE_CHECK_JOB,
          { callId },
          {
            runAfter: this.ctx.now() + this.ctx.config.calls.aloneMs,
          },
        );
        this.deps.jobs.wake();
        await this.publish(callId);
      }
    } else {
      await this.publish(callId);
    }
    return this.presentById(callId);
  }

  /** Ends the call (once), writes its line in the chat and tells everyone. */
  async end(callId: string, reason: CallEndReason): Promise<void> {
    const now = this.ctx.now();
    const call = await q.getCall(this.db, callId);
    if (!call) return;
    const rung = await q.ringingOf(this.db, callId);
    const rows = await this.db.transaction().execute(async (trx) => {
      if (!(await q.endCall(trx, callId, now, reason))) return null;
      return appendMessages(
        trx,
        [
          {
            conversationId: call.conversation_id,
            senderId: call.started_by,
            clientId: null,
            content: {
              kind: 'call',
              call: {
                callId,
                media: call.media,
                topology: call.topology,
                outcome: reason,
                durationMs: call.answered_at === null ? 0 : Math.max(0, now - call.answered_at),
              },
            },
          },
        ],
        now,
      );
    });
    if (!rows) return;
    await this.publish(callId);
    await publishMessages(this.ctx, rows);
    await this.deps.ringPushes?.stopped(callId, rung);
  }

  async presentById(callId: string): Promise<Call> {
    const call = await q.getCall(this.db, callId);
    if (!call) throw new AppError('CALL_NOT_FOUND');
    return this.present(call);
  }

  private async present(call: CallsTable): Promise<Call> {
    const [inCall, ringing] = await Promise.all([
      q.participantsOf(this.db, call.id),
      q.ringingOf(this.db, call.id),
    ]);
    return {
      id: call.id,
      conversationId: call.conversation_id,
      media: call.media,
      topology: call.topology,
      startedBy: call.started_by,
      startedAt: call.started_at,
      answeredAt: call.answered_at,
      endedAt: call.ended_at,
      endReason: call.end_reason,
      participants: inCall.map((p) => ({
        userId: p.user_id,
        sessionId: p.session_id,
        joinedAt: p.joined_at,
        audio: p.audio === 1,
        video: p.video === 1,
        screen: p.screen === 1,
        connected: p.disconnected_at === null,
      })),
      ringing,
    };
  }

  private async publish(callId: string): Promise<void> {
    const call = await this.presentById(callId);
    await this.ctx.bus.publish({
      kind: 'conversation',
      conversationId: call.conversationId,
      event: { type: 'call.updated', call },
    });
  }

  private async joined(callId: string, userId: string): Promise<CallJoined> {
    return { call: await this.presentById(callId), ...this.deps.ice(userId) };
  }

  private participantRow(
    callId: string,
    caller: Caller,
    media: 'voice' | 'video',
    now: number,
  ): CallParticipantsTable {
    return {
      id: newId(),
      call_id: callId,
      user_id: caller.userId,
      session_id: caller.sessionId,
      joined_at: now,
      left_at: null,
      disconnected_at: null,
      audio: 1,
      video: media === 'video' ? 1 : 0,
      screen: 0,
    };
  }

  /** A member who may ring there now: a friend not blocked, or a member of a live group. */
  private async requireCallable(conversationId: string, userId: string) {
    try {
      return await requireSendable(this.ctx, conversationId, userId);
    } catch (error) {
      if (error instanceof AppError && error.code === 'MESSAGE_REFUSED') throw new AppError('CALL_REFUSED');
      throw error;
    }
  }

  /** The call, to a member of its conversation; the same refusal as an unknown id to anyone else. */
  private async requireCallOfMember(callId: string, userId: string): Promise<CallsTable> {
    const call = await q.getCall(this.db, callId);
    if (!call) throw new AppError('CALL_NOT_FOUND');
    try {
      await requireMembership(this.ctx, call.conversation_id, userId);
    } catch {
      throw new AppError('CALL_NOT_FOUND');
    }
    return call;
  }
}
