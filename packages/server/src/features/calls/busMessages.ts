import type { CallSignal, ServerEvent } from '@liao/protocol';

// The bus kinds this domain adds. Every file that publishes or handles them imports this one
// (import './busMessages'), so that any program compiling that file sees the kinds.
declare module '../../platform/bus/eventBus' {
  interface BusMessages {
    /** A call's negotiation for one device: the node holding its socket hands it over. */
    'call.signal': { sessionId: string; event: ServerEvent };
    /** A participant's SFU signal for the call's host node (`node`); checked where it arrived. */
    'call.sfu.in': { callId: string; node: string; userId: string; sessionId: string; signal: CallSignal };
    /** The host's SFU signal for one device: the node holding its socket hands it over. */
    'call.sfu.out': { sessionId: string; event: ServerEvent };
  }
}
