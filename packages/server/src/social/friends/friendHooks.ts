import type { FriendRequest } from '@liao/protocol';
import type { Db } from '../../platform/db/database';
import { Listeners } from '../../platform/listeners';

/**
 * What the layers above friends (chat) do when friendships change, registered here because
 * friends may not know them.
 * - `started` runs after a friendship began and committed: the two now have a one-to-one chat,
 *   opened with the first request's greeting from the one who asked.
 * - `ending` runs inside the transaction that ends a friendship or blocks someone, before the
 *   change: the chat locks the pair's one-to-one chat there, so that the change lands wholly
 *   before or wholly after each batch of messages its writer stores (none is stored after the
 *   change that forbids it).
 * - `requested` runs after a friend request was sent (or sent again) and committed, with the
 *   request as its recipient sees it; never for a request hidden from its recipient (they
 *   block the sender). Push notifies the recipient's devices that are away.
 */
export class FriendHooks {
  readonly started = new Listeners<[requesterId: string, accepterId: string, greeting: string]>();
  readonly ending = new Listeners<[trx: Db, a: string, b: string]>();
  readonly requested = new Listeners<[request: FriendRequest]>();
}
