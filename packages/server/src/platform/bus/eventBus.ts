import type { ServerEvent, SignOutCause } from '@liao/protocol';

/**
 * The messages that travel between domains and the socket servers of every node, by kind.
 * The platform's own are here; a domain adds its kinds where it handles them, by augmenting
 * this interface (`declare module '…/platform/bus/eventBus'`), so that a new feature brings
 * its messages in its own folder and this file never grows with features. Messages travel as
 * JSON between nodes: plain data only.
 */
export interface BusMessages {
  /** Deliver an event to every live device of these users. */
  event: { userIds: string[]; event: ServerEvent };
  /**
   * These device sessions were signed out: close their connections now, telling them why
   * (no cause: the node that noticed could not tell).
   */
  'sessions.revoked': { sessionIds: string[]; cause?: SignOutCause | undefined };
  /**
   * The account went past its cap on live sockets: the node named closes these of its
   * connections (the oldest of the account's, which the socket ledger already forgot).
   */
  'sockets.evicted': { node: string; userId: string; connIds: string[] };
}

/**
 * One bus message: its kind and that kind's fields. `exceptConnId`, where a kind has it, names
 * a connection of the node that published the message (connection ids are only unique on
 * their node): other nodes receive the message without it.
 */
export type BusMessage = {
  [Kind in keyof BusMessages]: { kind: Kind } & BusMessages[Kind];
}[keyof BusMessages];

/** The message of one kind. */
export type BusMessageOf<Kind extends keyof BusMessages> = Extract<BusMessage, { kind: Kind }>;

/**
 * Carries messages to every subscriber on every node. Domains publish only after their
 * transaction commits. The in-process version lives here; the cluster's, over Redis, in
 * backplane/redisBus.ts. Messages are hints: the store is the truth, and a client that missed some
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
