import { CloseCodes, parseSignOutCloseReason, type SignOutCause } from '@liao/protocol';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { connectClient, makeAccount, signInAgain } from '../../support/builders';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import { openSocket, type TestSocket } from '../../support/sockets';

const DAY_MS = 24 * 60 * 60 * 1000;

// A device that is signed out while connected is told why, so that the person reads "you
// signed out from your phone" rather than a bare "signed out" (issue 15, item 5).
describeEachStore('sign-out causes', (store) => {
  let t: TestServer;
  const cleanup: (() => void)[] = [];
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterEach(() => {
    for (const done of cleanup.splice(0)) done();
  });
  afterAll(() => t.destroy());

  async function socketFor(token: string): Promise<TestSocket> {
    const socket = await openSocket(t.url, { token });
    cleanup.push(() => socket.close());
    await socket.next((f) => f.type === 'hello');
    return socket;
  }

  /** The close a signed-out socket got: always SESSION_REVOKED, with the cause read back. */
  async function causeOf(socket: TestSocket): Promise<SignOutCause | null> {
    const { code, reason } = await socket.closed;
    expect(code).toBe(CloseCodes.SESSION_REVOKED);
    return parseSignOutCloseReason(reason);
  }

  it('signed out from the phone: "elsewhere", by a phone', async () => {
    const account = await makeAccount(t);
    const desktop = await signInAgain(t, account, { name: 'Chrome · Windows', platform: 'web' });
    const phone = await signInAgain(t, account, { name: 'iPhone', platform: 'phone' });
    const socket = await socketFor(desktop.token);
    const res = await http(t.url, 'DELETE', `/api/sessions/${desktop.sessionId}`, { token: phone.token });
    expect(res.status).toBe(204);
    expect(await causeOf(socket)).toEqual({ reason: 'elsewhere', by: 'phone' });
  });

  it('"sign out the other devices" from a browser: "elsewhere", by the web', async () => {
    const account = await makeAccount(t);
    const laptop = await signInAgain(t, account, { name: 'Laptop', platform: 'web' });
    const socket = await socketFor(account.token);
    await http(t.url, 'POST', '/api/sessions/sign-out-others', { token: laptop.token });
    expect(await causeOf(socket)).toEqual({ reason: 'elsewhere', by: 'web' });
  });

  it('a new password set on the phone: "passwordChanged", by a phone', async () => {
    const account = await makeAccount(t);
    const phone = await signInAgain(t, account, { name: 'iPhone', platform: 'phone' });
    const socket = await socketFor(account.token);
    const res = await http(t.url, 'POST', '/api/me/password', {
      token: phone.token,
      body: { currentPassword: account.password, newPassword: 'a brand new password' },
    });
    expect(res.status).toBe(200);
    expect(await causeOf(socket)).toEqual({ reason: 'passwordChanged', by: 'phone' });
  });

  it('signing this device out closes its other sockets (another tab) as "self"', async () => {
    const account = await makeAccount(t);
    const otherTab = await socketFor(account.token);
    await http(t.url, 'DELETE', '/api/sessions/current', { token: account.token });
    expect(await causeOf(otherTab)).toEqual({ reason: 'self' });
  });

  it('a session found idle past the limit: "expired"', async () => {
    const idle = await makeAccount(t);
    const socket = await socketFor(idle.token);
    t.clock.advance(181 * DAY_MS);
    try {
      expect((await http(t.url, 'GET', '/api/me', { token: idle.token })).status).toBe(401);
      expect(await causeOf(socket)).toEqual({ reason: 'expired' });
    } finally {
      t.clock.advance(-181 * DAY_MS);
    }
  });

  it('the SDK hands the cause to the app with its signedOut state', async () => {
    const account = await makeAccount(t);
    const phone = await signInAgain(t, account, { name: 'iPhone', platform: 'phone' });
    const client = await connectClient(t, account.token);
    cleanup.push(() => client.disconnect());
    const causes: (SignOutCause | null)[] = [];
    client.on('signedOut', (cause) => causes.push(cause));
    const signedOut = client.waitForState('signedOut');
    await http(t.url, 'DELETE', `/api/sessions/${account.sessionId}`, { token: phone.token });
    await signedOut;
    expect(causes).toEqual([{ reason: 'elsewhere', by: 'phone' }]);
    expect(client.signOutCause).toEqual({ reason: 'elsewhere', by: 'phone' });
  });
});
