import type { QrServerFrame } from '@liao/protocol';

declare module '../../platform/bus/eventBus' {
  interface BusMessages {
    /**
     * A QR sign-in ticket changed: the node holding the desktop socket that made the ticket
     * sends the frame to it, and to nothing else.
     */
    qr: { ticketId: string; frame: QrServerFrame };
  }
}
