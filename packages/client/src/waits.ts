import type { ServerEvent } from '@liao/protocol';
import type { ClientEvents } from './client';
import type { ConnectionState } from './connection/connection';
import { LiaoError } from './errors';
import type { TypedEmitter } from './typedEmitter';

type Emitter = Pick<TypedEmitter<ClientEvents>, 'on'>;

/** Resolves on the client's next server event that matches, or rejects after `timeoutMs`. */
export function waitForEvent<T extends ServerEvent['type']>(
  client: Emitter,
  type: T,
  match: (event: Extract<ServerEvent, { type: T }>) => boolean,
  timeoutMs: number,
): Promise<Extract<ServerEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${type} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.on('event', (event) => {
      if (event.type !== type) return;
      const typed = event as Extract<ServerEvent, { type: T }>;
      if (!match(typed)) return;
      clearTimeout(timer);
      off();
      resolve(typed);
    });
  });
}

/** Resolves once the outbox holds nothing unsent (acknowledged or failed), or rejects after `timeoutMs`. */
export function waitUntilSent(
  client: Emitter,
  outbox: { readonly pending: number },
  timeoutMs: number,
): Promise<void> {
  if (outbox.pending === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${outbox.pending} messages still unsent after ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.on('outbox', () => {
      if (outbox.pending > 0) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/** Resolves when the connection reaches `state`; rejects if it stops in a final state first. */
export function waitForState(
  client: Emitter,
  current: ConnectionState,
  state: ConnectionState,
  timeoutMs: number,
): Promise<void> {
  if (current === state) return Promise.resolve();
  // No later transition would settle the wait.
  if (isFinal(current)) return Promise.reject(stoppedError(current));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`connection not ${state} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.on('state', (s) => {
      if (s === state) {
        clearTimeout(timer);
        off();
        resolve();
      } else if (isFinal(s)) {
        clearTimeout(timer);
        off();
        reject(stoppedError(s));
      }
    });
  });
}

/** States the connection leaves only when the app acts (connect() again, or a new sign-in). */
export function isFinal(state: ConnectionState): boolean {
  return state === 'signedOut' || state === 'closed' || state === 'displaced';
}

export function stoppedError(state: ConnectionState): LiaoError {
  return state === 'displaced'
    ? new LiaoError(
        'TOO_MANY_CONNECTIONS',
        429,
        'This account opened too many connections; this was the oldest.',
      )
    : new LiaoError('UNAUTHENTICATED', 401, `connection ${state}`);
}
