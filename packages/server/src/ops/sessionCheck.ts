import { findDisabledUserIds, findLiveSessionIds } from '../identity/sessions';
import type { AppContext } from '../platform/context';
import type { ConnectionRegistry } from '../platform/sockets/connections';

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
      const userOf = new Map(Array.from(connections.all(), (conn) => [conn.sessionId, conn.userId]));
      const ids = [...userOf.keys()];
      const gone: string[] = [];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        const live = await findLiveSessionIds(ctx.db, chunk);
        for (const id of chunk) if (!live.has(id)) gone.push(id);
      }
      if (gone.length === 0) return;
      // A disabled account is the one cause still readable here (the rest left no trace), and
      // the one its owner most needs to be told rather than left to sign in again and wonder.
      const users = [...new Set(gone.map((id) => userOf.get(id) ?? ''))];
      const disabled = new Set<string>();
      for (let i = 0; i < users.length; i += CHUNK) {
        for (const id of await findDisabledUserIds(ctx.db, users.slice(i, i + CHUNK))) disabled.add(id);
      }
      const ofDisabled = gone.filter((id) => disabled.has(userOf.get(id) ?? ''));
      const others = gone.filter((id) => !disabled.has(userOf.get(id) ?? ''));
      // The gateway closes them (on every node, which is harmless: each has its own sockets).
      if (ofDisabled.length > 0) {
        await ctx.bus.publish({
          kind: 'sessions.revoked',
          sessionIds: ofDisabled,
          cause: { reason: 'disabled' },
        });
      }
      if (others.length > 0) await ctx.bus.publish({ kind: 'sessions.revoked', sessionIds: others });
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
