/** One live socket, named across the cluster: the node that holds it and its id there. */
export interface SocketRef {
  node: string;
  connId: string;
}

/**
 * Each account's live sockets in the order they opened, so that one past the account's cap
 * (LIAO_SOCKETS_PER_ACCOUNT) closes the oldest. In one process the ledger lives here
 * (LocalSocketLedger); in a cluster, in Redis (redisSocketLedger.ts), so that the cap holds
 * across nodes. The gateway is its only caller.
 */
export interface SocketLedger {
  /** This node's name in SocketRefs. */
  readonly node: string;
  /**
   * Records a socket that opened; resolves to the sockets of the account to close now, oldest
   * first (possibly on other nodes), which the ledger has already forgotten.
   */
  opened(userId: string, connId: string): Promise<SocketRef[]>;
  /** A socket closed: each one `opened` was told of, whether or not it was among those to close. */
  closed(userId: string, connId: string): void;
  /** Stops (shutdown, after the gateway closed its sockets). */
  close(): Promise<void>;
}

/**
 * The sockets of this node, per account, in opening order. The ledger of one process, and the
 * fallback of the cluster's while Redis is away (the cap then holds per node).
 */
export class LocalSocketLedger implements SocketLedger {
  /** Connection ids, oldest first; at most the cap plus one, so arrays are cheap enough. */
  private readonly byUser = new Map<string, string[]>();

  constructor(
    private readonly limit: number,
    readonly node = 'local',
  ) {}

  async opened(userId: string, connId: string): Promise<SocketRef[]> {
    this.add(userId, connId);
    return this.takeExcess(userId);
  }

  closed(userId: string, connId: string): void {
    this.remove(userId, connId);
  }

  async close(): Promise<void> {
    this.byUser.clear();
  }

  /** Records a socket without enforcing the cap (the cluster's ledger decides that in Redis). */
  add(userId: string, connId: string): void {
    const ids = this.byUser.get(userId);
    if (ids) ids.push(connId);
    else this.byUser.set(userId, [connId]);
  }

  remove(userId: string, connId: string): void {
    const ids = this.byUser.get(userId);
    const index = ids?.indexOf(connId) ?? -1;
    if (!ids || index < 0) return;
    ids.splice(index, 1);
    if (ids.length === 0) this.byUser.delete(userId);
  }

  /** Forgets and returns the account's oldest sockets beyond the cap. */
  takeExcess(userId: string): SocketRef[] {
    const ids = this.byUser.get(userId);
    if (!ids || ids.length <= this.limit) return [];
    return ids.splice(0, ids.length - this.limit).map((connId) => ({ node: this.node, connId }));
  }

  /** Every socket recorded, to write them again where the cluster keeps them. */
  *entries(): IterableIterator<{ userId: string; connId: string }> {
    for (const [userId, ids] of this.byUser) for (const connId of ids) yield { userId, connId };
  }
}
