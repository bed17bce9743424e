import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { expectError, makeAccount, signInAgain, type TestAccount } from '../../support/builders';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import { cliEnvOf, runLiao } from '../../support/liao-cli';
import { codeOf, type Frame, openDesktop, type QrDesktop } from '../../support/qr-fixtures';

/**
 * [QR-ALIVE] A desktop's session is made only while the phone session that confirmed it is
 * alive: signing that session out, signing out every other device, an operator revoking it or
 * disabling the account all cancel the waiting confirmation, and the page is told.
 */
describeEachStore('QR sign-in: no session from a dead confirmation [QR-ALIVE]', (store) => {
  let t: TestServer;
  const cleanup: (() => void)[] = [];
  beforeAll(async () => {
    t = await startTestServer(store, {
      configure(config) {
        config.rateLimits.qrTicketsPerAddress = { limit: 100_000, windowMs: 60_000 };
        config.rateLimits.qrScansPerUser = { limit: 100_000, windowMs: 60_000 };
      },
    });
  });
  afterEach(() => {
    for (const done of cleanup.splice(0)) done();
  });
  afterAll(() => t.destroy());

  /** A desktop page the phone scanned and confirmed; its claim is not used yet. */
  async function confirmedDesktop(phone: {
    token: string;
  }): Promise<{ d: QrDesktop; confirmed: Frame<'qr.confirmed'> }> {
    const d = await openDesktop(t.url);
    cleanup.push(() => d.close());
    const code = codeOf(d.ticket);
    expect((await http(t.url, 'POST', '/api/qr/scan', { token: phone.token, body: { code } })).status).toBe(
      200,
    );
    expect(
      (await http(t.url, 'POST', '/api/qr/confirm', { token: phone.token, body: { code } })).status,
    ).toBe(204);
    return { d, confirmed: await d.next('qr.confirmed') };
  }

  const claim = ({ ticketId, claim }: Frame<'qr.confirmed'>) =>
    http(t.url, 'POST', '/api/qr/claim', { body: { ticketId, claim, transport: 'bearer' } });

  async function sessionCount(account: TestAccount): Promise<number> {
    const rows = await t.server.ctx.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', account.id)
      .execute();
    return rows.length;
  }

  it('the phone signs itself out: the page is told it was cancelled and the claim is refused', async () => {
    const phone = await makeAccount(t);
    const { d, confirmed } = await confirmedDesktop(phone);
    expect((await http(t.url, 'DELETE', '/api/sessions/current', { token: phone.token })).status).toBe(204);
    expect(await d.next('qr.cancelled')).toEqual({ type: 'qr.cancelled', ticketId: confirmed.ticketId });
    expectError(await claim(confirmed), 401, 'QR_CLAIM_INVALID');
    expect(await sessionCount(phone)).toBe(0);
  });

  it('another device signs out the phone, or every other device: the confirmation dies with it', async () => {
    const phone = await makeAccount(t);
    const laptop = await signInAgain(t, phone);

    const first = await confirmedDesktop(phone);
    const revoke = await http(t.url, 'DELETE', `/api/sessions/${phone.sessionId}`, { token: laptop.token });
    expect(revoke.status).toBe(204);
    await first.d.next('qr.cancelled');
    expectError(await claim(first.confirmed), 401, 'QR_CLAIM_INVALID');

    const phoneAgain = await signInAgain(t, phone);
    const second = await confirmedDesktop(phoneAgain);
    const others = await http(t.url, 'POST', '/api/sessions/sign-out-others', { token: laptop.token });
    expect(others.status).toBe(200);
    await second.d.next('qr.cancelled');
    expectError(await claim(second.confirmed), 401, 'QR_CLAIM_INVALID');
    // Only the laptop is left.
    expect(await sessionCount(phone)).toBe(1);
  });

  it('an operator revokes the phone session or disables the account: the claim is refused', async () => {
    const phone = await makeAccount(t);
    const revoked = await confirmedDesktop(phone);
    const revoke = await runLiao(['sessions', 'revoke', phone.sessionId], cliEnvOf(t));
    expect(revoke.code, revoke.stderr).toBe(0);
    expectError(await claim(revoked.confirmed), 401, 'QR_CLAIM_INVALID');

    const phoneAgain = await signInAgain(t, phone);
    const disabled = await confirmedDesktop(phoneAgain);
    const disable = await runLiao(['user', 'disable', phone.username], cliEnvOf(t));
    expect(disable.code, disable.stderr).toBe(0);
    const refused = await claim(disabled.confirmed);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(await sessionCount(phone)).toBe(0);
  });

  it('a password change that signs out the other devices cancels the confirmation', async () => {
    const phone = await makeAccount(t);
    const { d, confirmed } = await confirmedDesktop(phone);
    const reset = await runLiao(['user', 'reset-password', phone.username, '--password-stdin'], cliEnvOf(t), {
      stdin: 'a brand new passphrase\n',
    });
    expect(reset.code, reset.stderr).toBe(0);
    expectError(await claim(confirmed), 401, 'QR_CLAIM_INVALID');
    // Where the operator's command reaches the nodes' bus (Redis), the page hears of it too.
    if (t.redisPrefix) await d.next('qr.cancelled');
  });

  it('a phone still signed in is unaffected by another device signing out', async () => {
    const phone = await makeAccount(t);
    const other = await signInAgain(t, phone);
    const { confirmed } = await confirmedDesktop(phone);
    expect((await http(t.url, 'DELETE', '/api/sessions/current', { token: other.token })).status).toBe(204);
    const res = await claim(confirmed);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
});
