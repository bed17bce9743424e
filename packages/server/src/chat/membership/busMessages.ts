import type { ServerEvent } from '@liao/protocol';

// The bus kinds this domain adds. Every file that publishes or handles them imports this one
// (import './busMessages'), so that any program compiling that file sees the kinds.
declare module '../../platform/bus/eventBus' {
  interface BusMessages {
    /**
     * Deliver an event to every live device of the conversation's active members (each node
     * looks them up in its member directory), except the connection that caused it.
     */
    conversation: { conversationId: string; event: ServerEvent; exceptConnId?: string | undefined };
    /** A conversation's member list changed: every node forgets its cached copy. */
    'members.changed': { conversationId: string };
  }
}
