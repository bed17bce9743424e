import webpush from 'web-push';
import type { Db } from '../../platform/db/database';
import * as q from './queries';

/** The row holding the key pair in use; a rotation replaces it (rotateVapidKeys). */
export const VAPID_KEY_NAME = 'current';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

function newKeyRow(now: number) {
  const made = webpush.generateVAPIDKeys();
  return { name: VAPID_KEY_NAME, public_key: made.publicKey, private_key: made.privateKey, created_at: now };
}

/**
 * The server's VAPID key pair, made at first start and kept in the store, so that every node
 * of a cluster signs with the same keys (and a browser's subscription, made with the public
 * key, outlives restarts). Two nodes starting together each try to insert a pair; the first
 * wins and both read it back.
 */
export async function loadVapidKeys(db: Db, now: number): Promise<VapidKeys> {
  const found = await q.getVapidKeys(db, VAPID_KEY_NAME);
  if (!found) await q.insertVapidKeysIfAbsent(db, newKeyRow(now));
  const row = found ?? (await q.getVapidKeys(db, VAPID_KEY_NAME));
  if (!row) throw new Error('the VAPID keys could not be stored');
  return { publicKey: row.public_key, privateKey: row.private_key };
}

/** What a rotation did. */
export interface KeyRotation {
  publicKey: string;
  /** Device subscriptions deleted with the old key. */
  subscriptionsRemoved: number;
}

/**
 * Replaces the key pair with a new one. Every subscription goes in the same transaction: a
 * browser's subscription is bound to the public key it was made with, and its push service
 * refuses pushes signed with another. Their per-chat counts (push_pending) go first: they
 * belong to those devices (the foreign key would cascade, but saying so does not rely on it).
 * The nodes learn of it from publishKeysRotated, or on their next key check.
 */
export async function rotateVapidKeys(db: Db, now: number): Promise<KeyRotation> {
  return db.transaction().execute(async (trx) => {
    await q.deleteAllPending(trx);
    const subscriptionsRemoved = await q.deleteAllSubscriptions(trx);
    await q.deleteVapidKeys(trx, VAPID_KEY_NAME);
    const row = newKeyRow(now);
    await q.insertVapidKeys(trx, row);
    return { publicKey: row.public_key, subscriptionsRemoved };
  });
}

/**
 * The pair this node signs with and hands out, read again when it may have changed (a
 * rotation). Reads run one after another, so that a slow read begun before a rotation never
 * puts back the pair a later read replaced.
 */
export class CurrentKeys {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: Db,
    private keys: VapidKeys,
  ) {}

  static async load(db: Db, now: number): Promise<CurrentKeys> {
    return new CurrentKeys(db, await loadVapidKeys(db, now));
  }

  get value(): VapidKeys {
    return this.keys;
  }

  /** Reads the stored pair again; resolves to whether it differs from the one held before. */
  reload(now: number): Promise<boolean> {
    const read = this.queue.then(() => this.read(now));
    this.queue = read.catch(() => undefined);
    return read;
  }

  private async read(now: number): Promise<boolean> {
    const stored = await loadVapidKeys(this.db, now);
    if (stored.publicKey === this.keys.publicKey) return false;
    this.keys = stored;
    return true;
  }
}
