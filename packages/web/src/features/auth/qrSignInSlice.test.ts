import type { QrLoginState } from '@liao/client';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../app/state/createAppStore';
import type { Sdk } from '../../app/state/types';

/** Every QrLogin the slice made, in order: a fake whose states the test sends by hand. */
const logins = vi.hoisted(() => [] as FakeQrLogin[]);

interface FakeQrLogin {
  started: boolean;
  stopped: boolean;
  refreshed: number;
  emit(state: QrLoginState): void;
}

vi.mock('@liao/client', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@liao/client')>();
  class QrLogin implements FakeQrLogin {
    started = false;
    stopped = false;
    refreshed = 0;
    private listeners = new Set<(state: QrLoginState) => void>();
    constructor() {
      logins.push(this);
    }
    on(_event: 'state', listener: (state: QrLoginState) => void) {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    }
    emit(state: QrLoginState) {
      for (const listener of this.listeners) listener(state);
    }
    start() {
      this.started = true;
    }
    stop() {
      this.stopped = true;
      this.emit({ status: 'stopped' });
    }
    refresh() {
      this.refreshed++;
    }
  }
  return { ...actual, QrLogin };
});

const WAITING: QrLoginState = { status: 'waiting', ticketId: 't1', qrUrl: 'liao://qr/t1', expiresAt: 0 };

function makeStore() {
  const store = createAppStore({} as Sdk);
  const signedInByQr = vi.fn(async () => {});
  store.setState({ signedInByQr });
  return { store, signedInByQr };
}

describe('the QR sign-in slice', () => {
  beforeEach(() => {
    logins.length = 0;
  });

  it('opens a QrLogin and shows its states as the panel draws them', () => {
    const { store } = makeStore();
    store.getState().startQrSignIn();
    expect(logins).toHaveLength(1);
    expect(logins[0]?.started).toBe(true);
    expect(store.getState().qrSignIn).toEqual({ state: { phase: 'connecting' }, failure: null });

    logins[0]?.emit(WAITING);
    expect(store.getState().qrSignIn.state).toEqual({ phase: 'waiting', qrUrl: 'liao://qr/t1' });
    // The socket dropped under a code: the dead code stays in sight.
    logins[0]?.emit({ status: 'connecting' });
    expect(store.getState().qrSignIn.state).toEqual({ phase: 'offline', qrUrl: 'liao://qr/t1' });
  });

  it('keeps the refusal behind a failed state, and drops it on the next state', () => {
    const { store } = makeStore();
    store.getState().startQrSignIn();
    logins[0]?.emit({ status: 'failed', code: 'RATE_LIMITED', message: 'slow down' });
    expect(store.getState().qrSignIn.state).toEqual({ phase: 'failed', code: 'RATE_LIMITED' });
    expect(store.getState().qrSignIn.failure?.code).toBe('RATE_LIMITED');
    logins[0]?.emit(WAITING);
    expect(store.getState().qrSignIn.failure).toBeNull();
  });

  it('refreshes the open code, and boots the account once signed in', () => {
    const { store, signedInByQr } = makeStore();
    store.getState().startQrSignIn();
    store.getState().refreshQrSignIn();
    expect(logins[0]?.refreshed).toBe(1);
    logins[0]?.emit({
      status: 'signedIn',
      result: {} as Extract<QrLoginState, { status: 'signedIn' }>['result'],
    });
    expect(store.getState().qrSignIn.state).toEqual({ phase: 'signingIn' });
    expect(signedInByQr).toHaveBeenCalledTimes(1);
  });

  it('stops the QrLogin when the panel goes, and ignores what it says after', () => {
    const { store } = makeStore();
    store.getState().startQrSignIn();
    logins[0]?.emit(WAITING);
    store.getState().stopQrSignIn();
    expect(logins[0]?.stopped).toBe(true);
    expect(store.getState().qrSignIn.state).toEqual({ phase: 'waiting', qrUrl: 'liao://qr/t1' });
    store.getState().refreshQrSignIn();
    expect(logins[0]?.refreshed).toBe(0);
  });

  it('starting again (the panel shown again) stops the previous QrLogin and starts afresh', () => {
    const { store } = makeStore();
    store.getState().startQrSignIn();
    logins[0]?.emit(WAITING);
    store.getState().startQrSignIn();
    expect(logins).toHaveLength(2);
    expect(logins[0]?.stopped).toBe(true);
    expect(logins[1]?.started).toBe(true);
    expect(store.getState().qrSignIn.state).toEqual({ phase: 'connecting' });
  });
});
