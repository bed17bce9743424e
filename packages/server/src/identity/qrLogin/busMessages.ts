import type { QrServerFrame } from '@liao/protocol';

// The bus kinds this domain adds. Every file that publishes or handles them imports this one
// (import './busMessages'), so that any program compiling that file sees the kinds.
declare module '../../platform/bus/eventBus' {
  interface BusMessages {
    /**
     * A QR sign-in ticket changed: the node holding the desktop socket that made the ticket
     * sends the frame to it, and to nothing else.
     */
    qr: { ticketId: string; frame: QrServerFrame };
  }
}
