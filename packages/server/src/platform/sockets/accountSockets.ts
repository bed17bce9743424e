import { CloseCodes } from '@liao/protocol';
import type { BusMessageOf } from '../bus/eventBus';
import type { AppContext } from '../context/index';
import type { Connection, ConnectionRegistry } from './connections';
import type { SocketLedger } from './socketLedger';

type Evicted = BusMessageOf<'sockets.evicted'>;

export interface AccountSockets {
  /** A connection was registered: past the account's cap, its oldest sockets are closed. */
  opened(conn: Connection): void;
  /** A registered connection closed. */
  closed(conn: Connection): void;
  /** Another node found the account past its cap: closes those of its sockets that are here. */
  deliver(message: Evicted): void;
}

/**
 * The cap on each account's live sockets (config.sockets.perAccount): one more than allowed
 * closes the account's oldest with CloseCodes.TOO_MANY_CONNECTIONS, which the SDK does not
 * retry by itself. The ledger decides which (across the cluster with Redis); sockets on other
 * nodes are closed by those nodes, told over the bus. Used by the gateway only.
 */
export function createAccountSockets(
  ctx: AppContext,
  ledger: SocketLedger,
  connections: ConnectionRegistry,
  closeConnection: (conn: Connection, code: number, reason: string) => void,
): AccountSockets {
  function closeHere(userId: string, connIds: readonly string[]): void {
    for (const conn of connections.ofUser(userId) ?? []) {
      if (connIds.includes(conn.id)) {
        closeConnection(conn, CloseCodes.TOO_MANY_CONNECTIONS, 'too many connections for this account');
      }
    }
  }

  async function enforce(conn: Connection): Promise<void> {
    const evicted = await ledger.opened(conn.userId, conn.id);
    const elsewhere = new Map<string, string[]>();
    for (const { node, connId } of evicted) {
      if (node === ledger.node) continue;
      elsewhere.set(node, [...(elsewhere.get(node) ?? []), connId]);
    }
    closeHere(
      conn.userId,
      evicted.filter((ref) => ref.node === ledger.node).map((ref) => ref.connId),
    );
    for (const [node, connIds] of elsewhere) {
      await ctx.bus.publish({ kind: 'sockets.evicted', node, userId: conn.userId, connIds });
    }
  }

  return {
    opened(conn) {
      enforce(conn).catch((error: unknown) =>
        ctx.log.warn({ err: error, userId: conn.userId }, 'could not cap the account’s sockets'),
      );
    },
    closed(conn) {
      ledger.closed(conn.userId, conn.id);
    },
    deliver(message) {
      if (message.node === ledger.node) closeHere(message.userId, message.connIds);
    },
  };
}
