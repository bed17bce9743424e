import type { Db } from '../../platform/db/database';

/**
 * What the layers above friends (chat) do when friendships change, registered here because
 * friends may not know them.
 * - `started` runs after a friendship began and committed: the two now have a one-to-one chat,
 *   opened with the first request's greeting from the one who asked.
 * - `ending` runs inside the transaction that ends a friendship or blocks someone, before the
 *   change: the chat locks the pair's one-to-one chat there, so that the change lands wholly
 *   before or wholly after each batch of messages its writer stores (none is stored after the
 *   change that forbids it).
 */
export class FriendHooks {
  private readonly startedListeners: Array<
    (requesterId: string, accepterId: string, greeting: string) => Promise<void>
  > = [];
  private readonly endingListeners: Array<(trx: Db, a: string, b: string) => Promise<void>> = [];

  onStarted(listener: (requesterId: string, accepterId: string, greeting: string) => Promise<void>): void {
    this.startedListeners.push(listener);
  }

  onEnding(listener: (trx: Db, a: string, b: string) => Promise<void>): void {
    this.endingListeners.push(listener);
  }

  async started(requesterId: string, accepterId: string, greeting: string): Promise<void> {
    for (const listener of this.startedListeners) await listener(requesterId, accepterId, greeting);
  }

  async ending(trx: Db, a: string, b: string): Promise<void> {
    for (const listener of this.endingListeners) await listener(trx, a, b);
  }
}
