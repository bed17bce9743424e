import webpush from 'web-push';
import type { Db } from '../../platform/db/database';
import * as q from './queries';

/** The row holding the key pair in use; rotating deletes it (docs/operations.md). */
export const VAPID_KEY_NAME = 'current';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * The server's VAPID key pair, made at first start and kept in the store, so that every node
 * of a cluster signs with the same keys (and a browser's subscription, made with the public
 * key, outlives restarts). Two nodes starting together each try to insert a pair; the first
 * wins and both read it back.
 */
export async function loadVapidKeys(db: Db, now: number): Promise<VapidKeys> {
  const found = await q.getVapidKeys(db, VAPID_KEY_NAME);
  if (!found) {
    const made = webpush.generateVAPIDKeys();
    await q.insertVapidKeysIfAbsent(db, {
      name: VAPID_KEY_NAME,
      public_key: made.publicKey,
      private_key: made.privateKey,
      created_at: now,
    });
  }
  const row = found ?? (await q.getVapidKeys(db, VAPID_KEY_NAME));
  if (!row) throw new Error('the VAPID keys could not be stored');
  return { publicKey: row.public_key, privateKey: row.private_key };
}
