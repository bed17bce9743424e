import { pool } from '../src/stats';
import { XmppConnection, type XmppEndpoint } from './xmppConnection';

/** How many accounts are being registered and signed in at once. */
const SETUP_CONCURRENCY = 50;

/**
 * Registers each account in-band (XEP-0077) unless told it exists, signs it in on the same stream, then sends
 * initial presence so the server routes messages to it. Registering in-band costs one round trip
 * on a connection the benchmark opens anyway, where `ejabberdctl register` or `prosodyctl
 * register` would start a VM or a Lua process per account. The password is the name: the
 * accounts live only as long as the peer's temporary folder. If any account fails, every
 * connection made so far is closed and the first error is thrown.
 */
export async function connectAccounts(
  endpoint: XmppEndpoint,
  usernames: string[],
  options: { register?: boolean; presence?: boolean; concurrency?: number } = {},
): Promise<XmppConnection[]> {
  const opened: XmppConnection[] = [];
  let failure: Error | null = null;
  const connections = await pool(usernames, options.concurrency ?? SETUP_CONCURRENCY, async (username) => {
    if (failure) return null;
    try {
      const connection = await XmppConnection.open(endpoint);
      opened.push(connection);
      if (options.register !== false) await connection.register(username, username);
      await connection.authenticate(username, username, 'bench');
      if (options.presence !== false) connection.write('<presence/>');
      return connection;
    } catch (error) {
      failure ??= new Error(`account ${username} on ${endpoint.domain}: ${(error as Error).message}`, {
        cause: error,
      });
      return null;
    }
  });
  if (failure) {
    for (const c of opened) c.destroy();
    throw failure;
  }
  return connections as XmppConnection[];
}

/** Registers accounts in-band without keeping their connections (the idle measure signs in later). */
export async function registerAccounts(endpoint: XmppEndpoint, usernames: string[]): Promise<void> {
  await pool(usernames, SETUP_CONCURRENCY, async (username) => {
    const connection = await XmppConnection.open(endpoint);
    try {
      await connection.register(username, username);
    } finally {
      connection.close();
    }
  });
}

/** A prefix that keeps each measure's accounts and texts apart on the same peer. */
export function makeRunTag(kind: string): string {
  return `${kind}${Date.now().toString(36)}`;
}
