import type { ServerEvent } from '@liao/protocol';

// The bus kinds this domain adds. Every file that publishes or handles them imports this one
// (import './busMessages'), so that any program compiling that file sees the kinds.
declare module '../../platform/bus/eventBus' {
  interface BusMessages {
    /** A call's negotiation for one device: the node holding its socket hands it over. */
    'call.signal': { sessionId: string; event: ServerEvent };
  }
}
