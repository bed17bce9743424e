import type { AppContext } from '../context';
import type { ConnectionRegistry } from '../gateway/connections';
import { findLiveSessionIds } from '../sessions/queries';

/** Session ids per query: well inside both stores' limits on bound parameters. */
const CHUNK = 500;

/**
 * Every `everyMs`, looks up the sessions of this node's live connections and closes those
 * whose session is gone or whose account is disabled. Revocations normally arrive at once on
 * the bus; this catches the ones this node could not hear: the admin command line run beside
 * a single node without Redis (its bus is its own process's), or a bus outage. Returns a stop.
 */
export function startSessionCheck(
  ctx: Pick<AppContext, 'db' | 'bus' | 'log'>,
  connections: ConnectionRegistry,
  everyMs: number,
): () => void {
  let checking = false;
  async function check(): Promise<void> {
    if (checking) return;
    checking = true;
    try {
      const ids = [...new Set(Array.from(connections.all(), (conn) => conn.sessionId))];
      const gone: string[] = [];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        const live = await findLiveSessionIds(ctx.db, chunk);
        for (const id of chunk) if (!live.has(id)) gone.push(id);
      }
      // The gateway closes them (on every node, which is harmless: each has its own sockets).
      if (gone.length > 0) await ctx.bus.publish({ kind: 'sessions.revoked', sessionIds: gone });
    } catch (error) {
      ctx.log.warn({ err: error }, 'checking live sessions failed; trying again later');
    } finally {
      checking = false;
    }
  }
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
