import type { Db } from '../../platform/db/database';
import { dialectOf, lockConversationsInOrder } from '../../platform/db/dialect';
import { sendRightsQuery } from '../membership';
import { kyselyAppendStatements } from './append';
import * as q from './queries';
import type { SendBatchStatements } from './sendBatch';

/** The send batch's statements through kysely in a transaction: each a single statement for the whole batch. */
export function kyselySendStatements(trx: Db): SendBatchStatements {
  const dialect = dialectOf(trx);
  return {
    ...kyselyAppendStatements(trx),
    storedByClientIds: (clientIds) => q.findByClientIds(trx, [...clientIds]),
    lockConversations: (ids) => lockConversationsInOrder(trx, dialect, ids, { evenOne: true }),
    sendRights: (pairs) => sendRightsQuery(trx, pairs).execute(),
  };
}
