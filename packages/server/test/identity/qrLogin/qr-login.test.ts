import { type AuthResult, CloseCodes, QR_TICKET_TTL_MS, QrScanResult } from '@liao/protocol';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { QR_CLAIM_TTL_MS } from '../../../src/identity/qrLogin/rules';
import { expectError, makeAccount, type TestAccount } from '../../support/builders';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http, type RawResponse } from '../../support/http';
import { codeOf, type Frame, openDesktop, type QrDesktop } from '../../support/qr-fixtures';
import { openSocket } from '../../support/sockets';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describeEachStore('QR sign-in', (store) => {
  let t: TestServer;
  const cleanup: (() => void)[] = [];
  beforeAll(async () => {
    t = await startTestServer(store, {
      configure(config) {
        // Every test here opens desktops from 127.0.0.1; the limits have their own suite.
        config.rateLimits.qrTicketsPerAddress = { limit: 100_000, windowMs: 60_000 };
        config.rateLimits.qrScansPerUser = { limit: 100_000, windowMs: 60_000 };
      },
    });
  });
  afterEach(() => {
    for (const done of cleanup.splice(0)) done();
  });
  afterAll(() => t.destroy());

  async function desktop(): Promise<QrDesktop> {
    const d = await openDesktop(t.url);
    cleanup.push(() => d.close());
    return d;
  }

  const scan = (token: string | undefined, code: string) =>
    http(t.url, 'POST', '/api/qr/scan', { ...(token ? { token } : {}), body: { code } });
  const confirm = (token: string | undefined, code: string) =>
    http(t.url, 'POST', '/api/qr/confirm', { ...(token ? { token } : {}), body: { code } });
  const cancel = (token: string | undefined, code: string) =>
    http(t.url, 'POST', '/api/qr/cancel', { ...(token ? { token } : {}), body: { code } });
  const claim = (body: Record<string, unknown>) => http(t.url, 'POST', '/api/qr/claim', { body });

  /** A desktop whose code the phone scanned (the desktop saw it) and confirmed. */
  async function confirmedDesktop(phone: TestAccount) {
    const d = await desktop();
    const code = codeOf(d.ticket);
    expect((await scan(phone.token, code)).status).toBe(200);
    await d.next('qr.scanned');
    expect((await confirm(phone.token, code)).status).toBe(204);
    const confirmed = await d.next('qr.confirmed');
    return { d, code, confirmed };
  }

  const claimOf = ({ ticketId, claim }: Frame<'qr.confirmed'>) => ({ ticketId, claim });

  function expectSignedInAs(res: RawResponse, account: TestAccount): AuthResult {
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const body = res.body as AuthResult;
    expect(body.user.id).toBe(account.id);
    return body;
  }

  it('gives an opened socket a ticket: a UUIDv7, a 43-character code in a link to this server, 2 minutes to live', async () => {
    const before = t.clock.now();
    const d = await desktop();
    expect(d.ticket.ticketId).toMatch(UUID_V7);
    expect(d.ticket.qrUrl).toMatch(new RegExp(`^${t.url}/m/qr/[A-Za-z0-9_-]{43}$`));
    expect(d.ticket.expiresAt).toBeGreaterThanOrEqual(before + QR_TICKET_TTL_MS);
    expect(d.ticket.expiresAt).toBeLessThanOrEqual(t.clock.now() + QR_TICKET_TTL_MS);
    // Each socket its own ticket and code.
    const other = await desktop();
    expect(other.ticket.ticketId).not.toBe(d.ticket.ticketId);
    expect(codeOf(other.ticket)).not.toBe(codeOf(d.ticket));
  });

  it('scan → confirm → claim: the phone sees what asks, the desktop sees who scanned, and the claim signs the desktop in as the scanner', async () => {
    const phone = await makeAccount(t, { displayName: '小红' });
    const d = await desktop();
    const code = codeOf(d.ticket);

    const scanned = await scan(phone.token, code);
    expect(scanned.status, JSON.stringify(scanned.body)).toBe(200);
    const result = QrScanResult.parse(scanned.body);
    expect(result).toEqual({
      ticketId: d.ticket.ticketId,
      device: { name: 'Chrome · Windows', platform: 'desktop' },
      ip: '127.0.0.1',
      place: 'local',
      requestedAt: d.ticket.expiresAt - QR_TICKET_TTL_MS,
      expiresAt: d.ticket.expiresAt,
    });
    const seen = await d.next('qr.scanned');
    expect(seen).toEqual({
      type: 'qr.scanned',
      ticketId: d.ticket.ticketId,
      user: { displayName: '小红', avatarUrl: null },
    });

    expect((await confirm(phone.token, code)).status).toBe(204);
    const confirmed = await d.next('qr.confirmed');
    expect(confirmed.ticketId).toBe(d.ticket.ticketId);
    expect(confirmed.claim.length).toBeGreaterThanOrEqual(43);

    const signedIn = expectSignedInAs(
      await claim({ ticketId: confirmed.ticketId, claim: confirmed.claim, transport: 'bearer' }),
      phone,
    );
    expect(signedIn.device).toMatchObject({ name: 'Chrome · Windows', platform: 'desktop', current: true });
    const me = await http(t.url, 'GET', '/api/me', { token: signedIn.token! });
    expect(me.body.id).toBe(phone.id);
    const devices = await http(t.url, 'GET', '/api/sessions', { token: phone.token });
    expect(devices.body.devices.map((x: { id: string }) => x.id)).toContain(signedIn.device.id);

    // The ticket is dead: a second claim, and any later scan or confirm, are refused.
    expectError(
      await claim({ ticketId: confirmed.ticketId, claim: confirmed.claim, transport: 'bearer' }),
      401,
      'QR_CLAIM_INVALID',
    );
    expectError(await scan(phone.token, code), 409, 'QR_TICKET_USED');
    expectError(await confirm(phone.token, code), 409, 'QR_TICKET_USED');
    expectError(await cancel(phone.token, code), 409, 'QR_TICKET_USED');
  });

  it('claims into an HttpOnly cookie by default (no token in the body), with the device the desktop names', async () => {
    const phone = await makeAccount(t);
    const { confirmed } = await confirmedDesktop(phone);
    const res = await claim({
      ticketId: confirmed.ticketId,
      claim: confirmed.claim,
      device: { name: '办公室电脑', platform: 'desktop' },
    });
    const body = expectSignedInAs(res, phone);
    expect(body.token).toBeUndefined();
    expect(body.device).toMatchObject({ name: '办公室电脑', platform: 'desktop' });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^liao_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const token = /^liao_session=([^;]+)/.exec(cookie)![1]!;
    const me = await http(t.url, 'GET', '/api/me', { headers: { cookie: `liao_session=${token}` } });
    expect(me.body.id).toBe(phone.id);
  });

  it('a second scan by the same account answers the same and tells the desktop nothing new', async () => {
    const phone = await makeAccount(t);
    const d = await desktop();
    const code = codeOf(d.ticket);
    const first = await scan(phone.token, code);
    await d.next('qr.scanned');
    const again = await scan(phone.token, code);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await confirm(phone.token, code)).status).toBe(204);
    // Frames arrive in order: anything the second scan sent would be queued before this.
    await d.next('qr.confirmed');
    expect(d.queued).toEqual([]);
  });

  it('another account cannot scan, confirm or cancel a code someone scanned first (a stolen code is useless)', async () => {
    const owner = await makeAccount(t);
    const thief = await makeAccount(t);
    const d = await desktop();
    const code = codeOf(d.ticket);
    // Before anyone scanned: confirming or cancelling needs a scan first.
    expectError(await confirm(thief.token, code), 409, 'QR_TICKET_NOT_SCANNED');
    expectError(await cancel(thief.token, code), 409, 'QR_TICKET_NOT_SCANNED');
    expect((await scan(owner.token, code)).status).toBe(200);
    await d.next('qr.scanned');
    expectError(await scan(thief.token, code), 409, 'QR_TICKET_TAKEN');
    expectError(await confirm(thief.token, code), 409, 'QR_TICKET_TAKEN');
    expectError(await cancel(thief.token, code), 409, 'QR_TICKET_TAKEN');
    // The owner's confirmation still goes through, to the owner's account.
    expect((await confirm(owner.token, code)).status).toBe(204);
    const confirmed = await d.next('qr.confirmed');
    expectSignedInAs(await claim({ ...claimOf(confirmed), transport: 'bearer' }), owner);
  });

  it('the scanner can cancel: the desktop is told, the code is used up, and a refresh shows a new one', async () => {
    const phone = await makeAccount(t);
    const d = await desktop();
    const code = codeOf(d.ticket);
    await scan(phone.token, code);
    await d.next('qr.scanned');
    expect((await cancel(phone.token, code)).status).toBe(204);
    expect(await d.next('qr.cancelled')).toEqual({ type: 'qr.cancelled', ticketId: d.ticket.ticketId });
    expectError(await scan(phone.token, code), 409, 'QR_TICKET_USED');
    expectError(await confirm(phone.token, code), 409, 'QR_TICKET_USED');
    expectError(await cancel(phone.token, code), 409, 'QR_TICKET_USED');
    const fresh = await d.refresh();
    expect(fresh.ticketId).not.toBe(d.ticket.ticketId);
    expect((await scan(phone.token, codeOf(fresh))).status).toBe(200);
  });

  it('expires after 2 minutes: the desktop gets qr.expired, scanning and confirming are refused, a refresh works', async () => {
    const phone = await makeAccount(t);
    const waiting = await desktop();
    const scannedOne = await desktop();
    await scan(phone.token, codeOf(scannedOne.ticket));
    await scannedOne.next('qr.scanned');

    t.clock.advance(QR_TICKET_TTL_MS);
    expect(await waiting.next('qr.expired')).toEqual({
      type: 'qr.expired',
      ticketId: waiting.ticket.ticketId,
    });
    expect(await scannedOne.next('qr.expired')).toEqual({
      type: 'qr.expired',
      ticketId: scannedOne.ticket.ticketId,
    });
    expectError(await scan(phone.token, codeOf(waiting.ticket)), 410, 'QR_TICKET_EXPIRED');
    expectError(await confirm(phone.token, codeOf(scannedOne.ticket)), 410, 'QR_TICKET_EXPIRED');
    expectError(await cancel(phone.token, codeOf(scannedOne.ticket)), 410, 'QR_TICKET_EXPIRED');

    const fresh = await waiting.refresh();
    expect(fresh.expiresAt).toBeGreaterThan(waiting.ticket.expiresAt);
    expect((await scan(phone.token, codeOf(fresh))).status).toBe(200);
  });

  it('a code past its time is refused even before the expiry timer has run', async () => {
    const phone = await makeAccount(t);
    const d = await desktop();
    t.clock.advance(QR_TICKET_TTL_MS);
    expectError(await scan(phone.token, codeOf(d.ticket)), 410, 'QR_TICKET_EXPIRED');
  });

  it('a refresh replaces the code on screen: the old one is expired, even if it was scanned', async () => {
    const phone = await makeAccount(t);
    const d = await desktop();
    const old = codeOf(d.ticket);
    await scan(phone.token, old);
    await d.next('qr.scanned');
    const fresh = await d.refresh();
    expectError(await confirm(phone.token, old), 410, 'QR_TICKET_EXPIRED');
    expectError(await scan(phone.token, old), 410, 'QR_TICKET_EXPIRED');
    expect((await scan(phone.token, codeOf(fresh))).status).toBe(200);
  });

  it('a ticket dies with its socket: scanning or confirming it is then "no such code"; an unknown code too', async () => {
    const phone = await makeAccount(t);
    const gone = await desktop();
    const goneCode = codeOf(gone.ticket);
    const scannedThenGone = await desktop();
    const scannedCode = codeOf(scannedThenGone.ticket);
    await scan(phone.token, scannedCode);
    await scannedThenGone.next('qr.scanned');
    gone.close();
    scannedThenGone.close();
    await gone.closed;
    await scannedThenGone.closed;
    // The server forgets them once it has seen the close; poll as a person retrying would.
    await expect
      .poll(async () => (await scan(phone.token, goneCode)).body?.error?.code)
      .toBe('QR_TICKET_NOT_FOUND');
    await expect
      .poll(async () => (await confirm(phone.token, scannedCode)).body?.error?.code)
      .toBe('QR_TICKET_NOT_FOUND');
    expectError(await scan(phone.token, 'A'.repeat(43)), 404, 'QR_TICKET_NOT_FOUND');
    expectError(await confirm(phone.token, 'A'.repeat(43)), 404, 'QR_TICKET_NOT_FOUND');
    expectError(await cancel(phone.token, 'A'.repeat(43)), 404, 'QR_TICKET_NOT_FOUND');
  });

  it('a confirmed ticket can still be claimed after the page closed its socket, within the claim time only', async () => {
    const phone = await makeAccount(t);
    const first = await confirmedDesktop(phone);
    first.d.close();
    await first.d.closed;
    expectSignedInAs(await claim({ ...claimOf(first.confirmed), transport: 'bearer' }), phone);

    const late = await confirmedDesktop(phone);
    t.clock.advance(QR_CLAIM_TTL_MS);
    expectError(await claim({ ...claimOf(late.confirmed), transport: 'bearer' }), 401, 'QR_CLAIM_INVALID');
  });

  it('a signed-out phone is refused (no token, a revoked token)', async () => {
    const phone = await makeAccount(t);
    const d = await desktop();
    const code = codeOf(d.ticket);
    expectError(await scan(undefined, code), 401, 'UNAUTHENTICATED');
    expectError(await confirm(undefined, code), 401, 'UNAUTHENTICATED');
    expectError(await cancel(undefined, code), 401, 'UNAUTHENTICATED');
    await http(t.url, 'DELETE', '/api/sessions/current', { token: phone.token });
    expectError(await scan(phone.token, code), 401, 'UNAUTHENTICATED');
    // Nothing reached the desktop.
    const stillWaiting = await makeAccount(t);
    expect((await scan(stillWaiting.token, code)).status).toBe(200);
    expect((await d.next('qr.scanned')).ticketId).toBe(d.ticket.ticketId);
  });

  it('refuses malformed input with VALIDATION_FAILED', async () => {
    const phone = await makeAccount(t);
    for (const body of [
      {},
      { code: 'short' },
      { code: `${'A'.repeat(42)}!` },
      { code: 'A'.repeat(44) },
      { code: 42 },
      { code: 'A'.repeat(43), extra: 1 },
    ]) {
      for (const path of ['/api/qr/scan', '/api/qr/confirm', '/api/qr/cancel']) {
        expectError(await http(t.url, 'POST', path, { token: phone.token, body }), 400, 'VALIDATION_FAILED');
      }
    }
    const { confirmed } = await confirmedDesktop(phone);
    for (const body of [
      {},
      { ticketId: 'not-an-id', claim: confirmed.claim },
      { ticketId: confirmed.ticketId },
      { ticketId: confirmed.ticketId, claim: '' },
      { ticketId: confirmed.ticketId, claim: 'x'.repeat(129) },
      { ticketId: confirmed.ticketId, claim: confirmed.claim, transport: 'carrier-pigeon' },
      { ticketId: confirmed.ticketId, claim: confirmed.claim, device: { name: '', platform: 'desktop' } },
      { ticketId: confirmed.ticketId, claim: confirmed.claim, extra: true },
    ]) {
      expectError(await claim(body), 400, 'VALIDATION_FAILED');
    }
    // None of that used the claim up.
    expectSignedInAs(await claim({ ...claimOf(confirmed), transport: 'bearer' }), phone);
  });

  it('a wrong claim, or a claim for another ticket, is refused and does not use the ticket up', async () => {
    const phone = await makeAccount(t);
    const a = await confirmedDesktop(phone);
    const b = await confirmedDesktop(phone);
    expectError(
      await claim({ ticketId: a.confirmed.ticketId, claim: 'A'.repeat(43) }),
      401,
      'QR_CLAIM_INVALID',
    );
    expectError(
      await claim({ ticketId: a.confirmed.ticketId, claim: b.confirmed.claim }),
      401,
      'QR_CLAIM_INVALID',
    );
    expectError(
      await claim({ ticketId: '01890000-0000-7000-8000-000000000abc', claim: a.confirmed.claim }),
      401,
      'QR_CLAIM_INVALID',
    );
    expectSignedInAs(await claim({ ...claimOf(a.confirmed), transport: 'bearer' }), phone);
    expectSignedInAs(await claim({ ...claimOf(b.confirmed), transport: 'bearer' }), phone);
  });

  it('a second desktop never receives the first one’s claim, and cannot claim the first ticket without it', async () => {
    const phone = await makeAccount(t);
    const first = await desktop();
    const second = await desktop();
    const code = codeOf(first.ticket);
    await scan(phone.token, code);
    await first.next('qr.scanned');
    await confirm(phone.token, code);
    const confirmed: Frame<'qr.confirmed'> = await first.next('qr.confirmed');
    // The second socket's next frame is the answer to its refresh: nothing came before it.
    await second.refresh();
    expect(second.queued).toEqual([]);
    expectError(
      await claim({ ticketId: first.ticket.ticketId, claim: second.ticket.qrUrl.slice(-43) }),
      401,
      'QR_CLAIM_INVALID',
    );
    expectSignedInAs(await claim({ ...claimOf(confirmed), transport: 'bearer' }), phone);
  });

  it('two accounts scanning at once: exactly one takes the code, the other is told it is taken', async () => {
    const a = await makeAccount(t);
    const b = await makeAccount(t);
    const d = await desktop();
    const code = codeOf(d.ticket);
    const results = await Promise.all([scan(a.token, code), scan(b.token, code)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('QR_TICKET_TAKEN');
    await d.next('qr.scanned');
    await d.refresh();
    // One scan, one qr.scanned.
    expect(d.queued).toEqual([]);
  });

  it('two claims at once: exactly one session is made', async () => {
    const phone = await makeAccount(t);
    const { confirmed } = await confirmedDesktop(phone);
    const body = { ...claimOf(confirmed), transport: 'bearer' };
    const results = await Promise.all([claim(body), claim(body), claim(body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 401, 401]);
    const devices = await http(t.url, 'GET', '/api/sessions', { token: phone.token });
    expect(devices.body.devices).toHaveLength(2);
  });

  it('signing out a QR-made desktop session from the phone closes its live socket with 4001', async () => {
    const phone = await makeAccount(t);
    const { confirmed } = await confirmedDesktop(phone);
    const signedIn = (await claim({ ...claimOf(confirmed), transport: 'bearer' })).body as AuthResult;
    const socket = await openSocket(t.url, { token: signedIn.token! });
    cleanup.push(() => socket.close());
    await socket.next((f) => f.type === 'hello');
    const res = await http(t.url, 'DELETE', `/api/sessions/${signedIn.device.id}`, { token: phone.token });
    expect(res.status).toBe(204);
    expect((await socket.closed).code).toBe(CloseCodes.SESSION_REVOKED);
    expectError(await http(t.url, 'GET', '/api/me', { token: signedIn.token! }), 401, 'UNAUTHENTICATED');
  });
});
