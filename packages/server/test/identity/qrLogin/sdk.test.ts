import { LiaoApi, LiaoError, QrLogin, type QrLoginOptions, type QrLoginState } from '@liao/client';
import { QR_TICKET_TTL_MS, qrCodeFromText } from '@liao/protocol';
import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Config } from '../../../src/platform/config';
import { makeAccount } from '../../support/builders';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { DESKTOP_UA } from '../../support/qr-fixtures';

type Status = QrLoginState['status'];

/** A desktop page's QrLogin over `ws`, recording every state it goes through. */
function desktopLogin(t: TestServer, options: Partial<QrLoginOptions> = {}) {
  const sockets: WebSocket[] = [];
  const login = new QrLogin({
    baseUrl: t.url,
    createSocket: (url) => {
      const ws = new WebSocket(url, { headers: { 'user-agent': DESKTOP_UA } });
      sockets.push(ws);
      return ws as unknown as ReturnType<NonNullable<QrLoginOptions['createSocket']>>;
    },
    transport: 'bearer',
    backoff: { baseMs: 10, maxMs: 50 },
    ...options,
  });
  const states: QrLoginState[] = [];
  login.on('state', (s) => states.push(s));

  /** Resolves with the first state of this status from `from` on (in the order they came). */
  function reach<S extends Status>(status: S, from = 0): Promise<Extract<QrLoginState, { status: S }>> {
    return new Promise((resolve, reject) => {
      const find = () => states.slice(from).find((s) => s.status === status);
      const found = find();
      if (found) return resolve(found as Extract<QrLoginState, { status: S }>);
      const timer = setTimeout(
        () => reject(new Error(`never ${status}; went ${states.map((s) => s.status).join(' → ')}`)),
        5000,
      );
      const off = login.on('state', () => {
        const hit = find();
        if (!hit) return;
        clearTimeout(timer);
        off();
        resolve(hit as Extract<QrLoginState, { status: S }>);
      });
    });
  }
  return { login, states, sockets, reach, statuses: () => states.map((s) => s.status) };
}

function codeOfState(state: { qrUrl: string }): string {
  const code = qrCodeFromText(state.qrUrl);
  if (!code) throw new Error(`not a sign-in link: ${state.qrUrl}`);
  return code;
}

describeEachStore('SDK QrLogin against the server', (store) => {
  const servers: TestServer[] = [];
  const logins: QrLogin[] = [];
  afterEach(async () => {
    for (const login of logins.splice(0)) login.stop();
    await Promise.all(servers.splice(0).map((s) => s.destroy()));
  });

  async function server(configure?: (config: Config) => void): Promise<TestServer> {
    const t = await startTestServer(store, {
      configure(config) {
        config.rateLimits.qrTicketsPerAddress = { limit: 100_000, windowMs: 60_000 };
        configure?.(config);
      },
    });
    servers.push(t);
    return t;
  }

  function open(t: TestServer, options: Partial<QrLoginOptions> = {}) {
    const d = desktopLogin(t, options);
    logins.push(d.login);
    d.login.start();
    return d;
  }

  async function phoneOf(t: TestServer, displayName = '小红') {
    const account = await makeAccount(t, { displayName });
    return { account, api: new LiaoApi({ baseUrl: t.url, token: account.token }) };
  }

  it('waiting → scanned → confirmed → signedIn: the phone scans and confirms, the desktop gets a session of its own', async () => {
    const t = await server();
    const phone = await phoneOf(t);
    const desktop = open(t);
    const waiting = await desktop.reach('waiting');
    const code = codeOfState(waiting);

    const asked = await phone.api.scanQr(code);
    expect(asked).toMatchObject({
      ticketId: waiting.ticketId,
      device: { name: 'Chrome · Windows', platform: 'desktop' },
      place: 'local',
    });
    expect((await desktop.reach('scanned')).user).toEqual({ displayName: '小红', avatarUrl: null });
    await phone.api.confirmQr(code);
    const signedIn = await desktop.reach('signedIn');
    expect(desktop.statuses()).toEqual(['connecting', 'waiting', 'scanned', 'confirmed', 'signedIn']);
    expect(signedIn.result.user.id).toBe(phone.account.id);
    expect(signedIn.result.device.platform).toBe('desktop');

    const desktopApi = new LiaoApi({ baseUrl: t.url, token: signedIn.result.token! });
    expect((await desktopApi.getMe()).id).toBe(phone.account.id);
    const devices = await phone.api.listDevices();
    expect(devices.map((d) => d.id)).toContain(signedIn.result.device.id);
    // The code is spent.
    await expect(phone.api.scanQr(code)).rejects.toMatchObject({ code: 'QR_TICKET_USED' });
  });

  it('shows a new code by itself when one expires; with autoRefresh off it waits for refresh()', async () => {
    const t = await server();
    const auto = open(t);
    const manual = open(t, { autoRefresh: false });
    const first = await auto.reach('waiting');
    await manual.reach('waiting');
    t.clock.advance(QR_TICKET_TTL_MS);
    const expired = await auto.reach('expired');
    expect(expired.ticketId).toBe(first.ticketId);
    const second = await auto.reach('waiting', auto.states.indexOf(expired));
    expect(second.ticketId).not.toBe(first.ticketId);
    expect(second.expiresAt).toBeGreaterThan(first.expiresAt);

    await manual.reach('expired');
    const mark = manual.states.length;
    manual.login.refresh();
    expect((await manual.reach('waiting', mark)).status).toBe('waiting');
  });

  it('cancelled by the phone: the desktop says so and refresh() brings a new code', async () => {
    const t = await server();
    const phone = await phoneOf(t);
    const desktop = open(t);
    const code = codeOfState(await desktop.reach('waiting'));
    await phone.api.scanQr(code);
    await desktop.reach('scanned');
    await phone.api.cancelQr(code);
    await desktop.reach('cancelled');
    const mark = desktop.states.length;
    desktop.login.refresh();
    const fresh = await desktop.reach('waiting', mark);
    expect(codeOfState(fresh)).not.toBe(code);
  });

  it('the phone gets each refusal as a LiaoError with its code', async () => {
    const t = await server();
    const phone = await phoneOf(t);
    const other = await phoneOf(t, 'Bob');
    const desktop = open(t, { autoRefresh: false });
    const code = codeOfState(await desktop.reach('waiting'));
    await expect(phone.api.confirmQr(code)).rejects.toMatchObject({
      code: 'QR_TICKET_NOT_SCANNED',
      status: 409,
    });
    await phone.api.scanQr(code);
    const refusal = await other.api.scanQr(code).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(LiaoError);
    expect(refusal).toMatchObject({ code: 'QR_TICKET_TAKEN', status: 409 });
    t.clock.advance(QR_TICKET_TTL_MS);
    await expect(phone.api.confirmQr(code)).rejects.toMatchObject({ code: 'QR_TICKET_EXPIRED', status: 410 });
  });

  it('stop() closes the socket and its code dies with it', async () => {
    const t = await server();
    const phone = await phoneOf(t);
    const desktop = open(t);
    const code = codeOfState(await desktop.reach('waiting'));
    desktop.login.stop();
    expect(desktop.login.state.status).toBe('stopped');
    await expect
      .poll(async () => (await phone.api.scanQr(code).catch((e: LiaoError) => e)) as LiaoError)
      .toMatchObject({ code: 'QR_TICKET_NOT_FOUND' });
  });

  it('reconnects after the link drops and shows a fresh code', async () => {
    const t = await server();
    const desktop = open(t);
    const first = await desktop.reach('waiting');
    const mark = desktop.states.length;
    desktop.sockets[0]!.terminate();
    await desktop.reach('connecting', mark);
    const again = await desktop.reach('waiting', mark);
    expect(again.ticketId).not.toBe(first.ticketId);
    expect(desktop.sockets).toHaveLength(2);
  });

  it('keeps a quiet link that answers its pings, and reopens one gone silent with a fresh code', async () => {
    const t = await server();
    // Each socket can be made silent: nothing reaches the page, as when a Wi-Fi dies unnoticed.
    const links: { pongs: number; silence(): void }[] = [];
    const desktop = open(t, {
      heartbeat: { pingAfterMs: 100, pongTimeoutMs: 150, tickMs: 20 },
      createSocket: (url) => {
        const ws = new WebSocket(url, { headers: { 'user-agent': DESKTOP_UA } });
        let silent = false;
        const link = { pongs: 0, silence: () => (silent = true) };
        links.push(link);
        const socket: ReturnType<NonNullable<QrLoginOptions['createSocket']>> = {
          get readyState() {
            return ws.readyState;
          },
          send: (data) => (silent ? undefined : ws.send(data)),
          close: (code, reason) => ws.close(code, reason),
          onopen: null,
          onmessage: null,
          onclose: null,
          onerror: null,
        };
        ws.on('open', () => socket.onopen?.({}));
        ws.on('message', (data) => {
          if (silent) return;
          if (JSON.parse(data.toString()).type === 'pong') link.pongs++;
          socket.onmessage?.({ data: data.toString() });
        });
        ws.on('close', (code, reason) => socket.onclose?.({ code, reason: reason.toString() }));
        ws.on('error', () => socket.onerror?.({}));
        return socket;
      },
    });
    const first = await desktop.reach('waiting');
    // The server answers the heartbeat: several rounds pass on the one socket.
    await expect.poll(() => links[0]?.pongs ?? 0).toBeGreaterThanOrEqual(3);
    expect(desktop.statuses()).toEqual(['connecting', 'waiting']);
    expect(links).toHaveLength(1);

    const mark = desktop.states.length;
    links[0]!.silence();
    await desktop.reach('connecting', mark);
    const again = await desktop.reach('waiting', mark);
    expect(again.ticketId).not.toBe(first.ticketId);
    expect(links).toHaveLength(2);
  });

  it('fails with RATE_LIMITED past the ticket limit and keeps the one socket it had', async () => {
    const t = await server((config) => {
      config.rateLimits.qrTicketsPerAddress = { limit: 1, windowMs: 60_000 };
    });
    const desktop = open(t);
    await desktop.reach('waiting');
    desktop.login.refresh();
    const failed = await desktop.reach('failed');
    expect(failed.code).toBe('RATE_LIMITED');
    expect(desktop.sockets).toHaveLength(1);
    expect(desktop.login.state.status).toBe('failed');
  });
});
