import type { DeviceInfo } from '@liao/protocol';

/**
 * A ticket's life: `waiting` for a phone, `scanned` by one account, then `confirmed` (its claim
 * handed to the desktop), `claimed` (a session made), `cancelled`, or `expired` (by time, or
 * replaced by a fresh code). Only waiting and scanned tickets are alive.
 */
export type TicketState = 'waiting' | 'scanned' | 'confirmed' | 'claimed' | 'cancelled' | 'expired';

export interface Ticket {
  /** UUIDv7; the desktop, the scanner and the bus know it; it grants only the scanner's photo. */
  id: string;
  /** SHA-256 of the code in the QR image; the code itself is never kept. */
  codeHash: string;
  state: TicketState;
  /** The desktop that asked, as its User-Agent describes it, and its address. */
  device: DeviceInfo;
  userAgent: string;
  ip: string;
  requestedAt: number;
  expiresAt: number;
  /** The account that scanned it (and alone may confirm or cancel it). */
  scannerId: string | null;
  /**
   * The scanner's session that scanned, then the one that confirmed: the desktop's session is
   * made only while it is alive, and signing it out cancels the ticket.
   */
  scannerSessionId: string | null;
  /** SHA-256 of the one-time claim the desktop trades for a session, and when it lapses. */
  claimHash: string | null;
  claimExpiresAt: number | null;
}

export type TicketChange = Partial<
  Pick<Ticket, 'state' | 'scannerId' | 'scannerSessionId' | 'claimHash' | 'claimExpiresAt'>
>;

/**
 * Where tickets live. Behind an interface so that a cluster can keep them in Redis, where a
 * phone served by one node confirms a desktop connected to another; this module holds the
 * in-process version.
 */
export interface TicketStore {
  put(ticket: Ticket): Promise<void>;
  get(id: string): Promise<Ticket | null>;
  findByCodeHash(codeHash: string): Promise<Ticket | null>;
  /**
   * Applies the change only if the ticket is still in state `from` (compare-and-set, so that
   * two requests or two nodes cannot both move it on); the changed ticket, or null.
   */
  transition(id: string, from: TicketState, change: TicketChange): Promise<Ticket | null>;
  delete(id: string): Promise<void>;
  close(): void;
}

/**
 * Used-up tickets are kept this long past their last deadline, so that a late scan is told
 * "already used" or "expired" rather than "no such code".
 */
export const TICKET_MEMORY_MS = 10 * 60 * 1000;
const SWEEP_MS = 60_000;

export function createMemoryTicketStore(now: () => number): TicketStore {
  const byId = new Map<string, Ticket>();
  const idByCodeHash = new Map<string, string>();

  function remove(id: string): void {
    const ticket = byId.get(id);
    if (!ticket) return;
    byId.delete(id);
    idByCodeHash.delete(ticket.codeHash);
  }

  const sweeper = setInterval(() => {
    const t = now();
    for (const ticket of byId.values()) {
      const lastDeadline = Math.max(ticket.expiresAt, ticket.claimExpiresAt ?? 0);
      if (t - lastDeadline > TICKET_MEMORY_MS) remove(ticket.id);
    }
  }, SWEEP_MS);
  sweeper.unref();

  // Copies in and out, as a remote store would give: callers never share a mutable ticket.
  return {
    async put(ticket) {
      byId.set(ticket.id, { ...ticket });
      idByCodeHash.set(ticket.codeHash, ticket.id);
    },
    async get(id) {
      const ticket = byId.get(id);
      return ticket ? { ...ticket } : null;
    },
    async findByCodeHash(codeHash) {
      const id = idByCodeHash.get(codeHash);
      const ticket = id === undefined ? undefined : byId.get(id);
      return ticket ? { ...ticket } : null;
    },
    async transition(id, from, change) {
      const ticket = byId.get(id);
      if (!ticket || ticket.state !== from) return null;
      Object.assign(ticket, change);
      return { ...ticket };
    },
    async delete(id) {
      remove(id);
    },
    close() {
      clearInterval(sweeper);
      byId.clear();
      idByCodeHash.clear();
    },
  };
}
