import './busMessages';
import type { AppContext } from '../../platform/context';
import type { Gateway } from '../../platform/sockets/gateway';
import type { MemberDirectory } from './memberDirectory';

/**
 * Delivers conversation events (bus kind 'conversation') to this node's devices of the
 * members, from the member directory. When a member list has to be loaded first, later events
 * of that conversation wait behind it, so that every device sees them in the order they were
 * published. Returns the unsubscribe.
 */
export function deliverConversationEvents(
  ctx: AppContext,
  members: MemberDirectory,
  sockets: Pick<Gateway, 'sendEvent'>,
): () => void {
  const loading = new Map<string, Promise<void>>();
  return ctx.bus.subscribe((message) => {
    if (message.kind !== 'conversation') return;
    const { conversationId, event, exceptConnId } = message;
    const before = loading.get(conversationId);
    const cached = before ? undefined : members.peek(conversationId);
    if (cached) {
      sockets.sendEvent(cached, event, exceptConnId);
      return;
    }
    const next = (before ?? Promise.resolve())
      .then(() => members.get(conversationId))
      .then((memberIds) => sockets.sendEvent(memberIds, event, exceptConnId))
      .catch((error: unknown) =>
        ctx.log.error({ err: error, conversationId }, 'conversation delivery failed'),
      )
      .finally(() => {
        if (loading.get(conversationId) === next) loading.delete(conversationId);
      });
    loading.set(conversationId, next);
  });
}
