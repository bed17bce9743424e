import type { QrServerFrame, ServerEvent, SignOutCause } from '@liao/protocol';

/** What travels between domains and the gateways of every node. */
export type BusMessage =
  /** Deliver an event to every live device of these users. */
  | { kind: 'event'; userIds: string[]; event: ServerEvent }
  /**
   * Deliver an event to every live device of the conversation's active members (the gateway
   * looks them up in its member directory), except the connection that caused it.
   */
  | { kind: 'conversation'; conversationId: string; event: ServerEvent; exceptConnId?: string | undefined }
  /** A conversation's member list changed: every node forgets its cached copy. */
  | { kind: 'members.changed'; conversationId: string }
  /**
   * These device sessions were signed out: close their connections now, telling them why
   * (no cause: the node that noticed could not tell).
   */
  | { kind: 'sessions.revoked'; sessionIds: string[]; cause?: SignOutCause | undefined }
  /**
   * The account went past its cap on live sockets: the node named closes these of its
   * connections (the oldest of the account's, which the socket ledger already forgot).
   */
  | { kind: 'sockets.evicted'; node: string; userId: string; connIds: string[] }
  /**
   * A QR sign-in ticket changed: the node holding the desktop socket that made the ticket
   * sends the frame to it, and to nothing else.
   */
  | { kind: 'qr'; ticketId: string; frame: QrServerFrame };

/**
 * Carries messages to every subscriber on every node. Domains publish only after their
 * transaction commits. The in-process version lives here; the cluster's, over Redis, in
 * redis/bus.ts. Messages are hints: the store is the truth, and a client that missed some
 * catches up through sync.
 */
export interface EventBus {
  /**
   * Hands the message to every subscriber (on every node); resolves once this node's own
   * subscribers have had it, so a later step on this node sees its effect. Rejects when the
   * message could not be sent (the shared bus is unreachable): it is not queued for later.
   */
  publish(message: BusMessage): Promise<void>;
  /** Calls the handler for every message published from now on; returns an unsubscribe. */
  subscribe(handler: (message: BusMessage) => void): () => void;
  /**
   * Calls the handler when this node may have missed messages (its link to the shared bus
   * dropped and came back): whatever they would have invalidated or delivered must be
   * redone from the store. Never fires in one process. Returns an unsubscribe.
   */
  onGap(handler: () => void): () => void;
  close(): Promise<void>;
}

export function createMemoryBus(): EventBus {
  const handlers = new Set<(message: BusMessage) => void>();
  return {
    async publish(message) {
      for (const handler of handlers) handler(message);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    onGap() {
      // Nothing is ever lost between a publish and its subscribers in one process.
      return () => undefined;
    },
    async close() {
      handlers.clear();
    },
  };
}
