import { callPushTag } from '@liao/protocol';
import { accountsQueries } from '../../identity/accounts';
import type { AppContext } from '../../platform/context';
import type { CallsTable } from '../../platform/db/schema';
import { badgeCountOf, chatUrl, type PushModule } from '../push';

/** A ring on a closed app lasts no longer than the ring itself. */
const RING_TTL_SECONDS = 45;

/**
 * Rings reach devices whose app is closed through Web Push (issue 18): a notification per
 * callee while they ring, closed again (a `clear` with its tag) once the ring stops.
 */
export interface RingPushes {
  started(call: CallsTable, userIds: readonly string[]): Promise<void>;
  stopped(callId: string, userIds: readonly string[]): Promise<void>;
}

export function ringPushes(ctx: AppContext, push: Pick<PushModule, 'notify'>): RingPushes {
  return {
    async started(call, userIds) {
      if (userIds.length === 0) return;
      const conversation = await ctx.db
        .selectFrom('conversations')
        .select(['kind', 'name'])
        .where('id', '=', call.conversation_id)
        .executeTakeFirst();
      const [caller] = await accountsQueries.getUsers(ctx.db, [call.started_by]);
      const fromName =
        conversation?.kind === 'group'
          ? (conversation.name ?? caller?.display_name ?? null)
          : (caller?.display_name ?? null);
      const base = {
        type: 'call' as const,
        tag: callPushTag(call.id),
        callId: call.id,
        conversationId: call.conversation_id,
        media: call.media,
        url: chatUrl(call.conversation_id),
      };
      const options = { ttlSeconds: RING_TTL_SECONDS, urgency: 'high' as const };
      for (const userId of userIds)
        await push.notify(userId, {
          shown: { ...base, fromName },
          hidden: { ...base, fromName: null },
          options,
        });
    },
    async stopped(callId, userIds) {
      for (const userId of userIds) {
        // The badge is the user's whole count: a clear sets it (a missed call's line adds one).
        const clear = {
          type: 'clear' as const,
          tag: callPushTag(callId),
          unreadTotal: await badgeCountOf(ctx, userId),
        };
        await push.notify(userId, {
          shown: clear,
          hidden: clear,
          options: { ttlSeconds: RING_TTL_SECONDS, urgency: 'high' },
        });
      }
    },
  };
}
