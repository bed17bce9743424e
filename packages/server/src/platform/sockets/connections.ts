import type { Platform } from '@liao/protocol';
import type { SocketLink } from './socketServer';

/** One live /ws connection of a signed-in device. Kept small: memory per idle connection is a budget. */
export interface Connection extends SocketLink {
  platform: Platform;
  userId: string;
  sessionId: string;
}

/** The live connections of this node, by user and by device session. */
export class ConnectionRegistry {
  private readonly byUser = new Map<string, Set<Connection>>();
  private readonly bySession = new Map<string, Set<Connection>>();

  get size(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  add(conn: Connection): void {
    addTo(this.byUser, conn.userId, conn);
    addTo(this.bySession, conn.sessionId, conn);
  }

  remove(conn: Connection): void {
    removeFrom(this.byUser, conn.userId, conn);
    removeFrom(this.bySession, conn.sessionId, conn);
  }

  ofUser(userId: string): ReadonlySet<Connection> | undefined {
    return this.byUser.get(userId);
  }

  ofSession(sessionId: string): ReadonlySet<Connection> | undefined {
    return this.bySession.get(sessionId);
  }

  all(): IterableIterator<Connection> {
    return allOf(this.byUser);
  }
}

function* allOf(map: Map<string, Set<Connection>>): IterableIterator<Connection> {
  for (const set of map.values()) yield* set;
}

function addTo(map: Map<string, Set<Connection>>, key: string, conn: Connection): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(conn);
}

function removeFrom(map: Map<string, Set<Connection>>, key: string, conn: Connection): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(conn);
  if (set.size === 0) map.delete(key);
}
