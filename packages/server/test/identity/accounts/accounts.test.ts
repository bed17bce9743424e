import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, makeAccount, PASSWORD, readMe, sessionCookie, sha256 } from '../../support/builders';
import { describeEachStore, startTestServer, type TestServer, uniqueUsername } from '../../support/harness';
import { http } from '../../support/http';

describeEachStore('accounts', (store) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(() => t.destroy());

  async function usersNamed(username: string) {
    return t.server.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('username_key', '=', username.toLowerCase())
      .execute();
  }

  function register(body: Record<string, unknown>, headers?: Record<string, string>) {
    return http(t.url, 'POST', '/api/accounts', { body, ...(headers ? { headers } : {}) });
  }

  describe('registration', () => {
    it('with transport bearer: 201, the token in the body, no cookie set', async () => {
      const username = uniqueUsername();
      const res = await register({ username, password: PASSWORD, displayName: '小明', transport: 'bearer' });
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({
        username,
        displayName: '小明',
        signature: '',
        avatarUrl: null,
        discoverable: true,
      });
      expect(res.body.device.current).toBe(true);
      expect(typeof res.body.token).toBe('string');
      expect(res.headers.getSetCookie()).toEqual([]);
      expect((await readMe(t, res.body.token)).id).toBe(res.body.user.id);
    });

    it('with transport cookie: Set-Cookie liao_session HttpOnly, SameSite=Strict, Path=/ and no token in the body', async () => {
      const username = uniqueUsername();
      const res = await register({ username, password: PASSWORD, displayName: 'C', transport: 'cookie' });
      expect(res.status).toBe(201);
      expect(res.body.token).toBeUndefined();
      expect(JSON.stringify(res.body)).not.toContain(sessionCookie(res)!);
      const header = res.headers.getSetCookie().find((c) => c.startsWith('liao_session='))!;
      const attributes = header.split(';').map((a) => a.trim().toLowerCase());
      expect(attributes).toContain('httponly');
      expect(attributes).toContain('samesite=strict');
      expect(attributes).toContain('path=/');
      const me = await http(t.url, 'GET', '/api/me', {
        headers: { cookie: `liao_session=${sessionCookie(res)}` },
      });
      expect(me.status).toBe(200);
      expect(me.body.username).toBe(username);
    });

    it('defaults to the cookie transport', async () => {
      const res = await register({ username: uniqueUsername(), password: PASSWORD, displayName: 'D' });
      expect(res.status).toBe(201);
      expect(res.body.token).toBeUndefined();
      expect(sessionCookie(res)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('usernames are unique without case: "Alice…" then "alice…" is 409 USERNAME_TAKEN', async () => {
      const base = uniqueUsername('Alice');
      const first = await makeAccount(t, { username: base });
      const res = await register({
        username: base.toLowerCase(),
        password: 'another password',
        displayName: 'Impostor',
        transport: 'bearer',
      });
      expectError(res, 409, 'USERNAME_TAKEN');
      const rows = await usersNamed(base);
      expect(rows.map((r) => r.id)).toEqual([first.id]);
      expect(rows[0]!.username).toBe(base);
      expect(rows[0]!.display_name).toBe('小明');
    });

    it('registrations racing for one name in different cases: exactly one wins, the rest are 409', async () => {
      const base = uniqueUsername('Race');
      const spellings = [base, base.toLowerCase(), base.toUpperCase(), `r${base.slice(1)}`];
      const results = await Promise.all(
        spellings.map((username) =>
          register({ username, password: PASSWORD, displayName: 'x', transport: 'bearer' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      for (const r of results.filter((r) => r.status === 409)) expectError(r, 409, 'USERNAME_TAKEN');
      const winner = results.find((r) => r.status === 201)!;
      expect(await usersNamed(base)).toHaveLength(1);
      expect((await readMe(t, winner.body.token)).id).toBe(winner.body.user.id);
    });

    it('reserved usernames are refused with 400 USERNAME_RESERVED, without case and ignoring _ and .', async () => {
      for (const username of ['Admin', 'ad.min', 'ROOT', 's_y_s_t_e_m', 'Liao']) {
        const res = await register({ username, password: PASSWORD, displayName: 'x' });
        expectError(res, 400, 'USERNAME_RESERVED');
        expect(await usersNamed(username)).toEqual([]);
      }
    });

    it('usernames must be 3–32 of a–z, 0–9, _ and ., starting with a letter (400 VALIDATION_FAILED)', async () => {
      for (const username of ['ab', 'a'.repeat(33), '1abc', '_abc', 'al ice', 'al-ice', '小明明', 'ｆoo']) {
        const res = await register({ username, password: PASSWORD, displayName: 'x' });
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.error.data.issues[0].path).toBe('username');
        expect(await usersNamed(username)).toEqual([]);
      }
      const longest = `z${uniqueUsername()}`.padEnd(32, '9').slice(0, 32);
      expect((await register({ username: longest, password: PASSWORD, displayName: 'x' })).status).toBe(201);
    });

    it('display names are stored NFC-normalised and trimmed', async () => {
      const account = await makeAccount(t, { displayName: '  Jose\u0301 ' });
      expect(account.me.displayName).toBe('José');
      const [row] = await usersNamed(account.username);
      expect(row!.display_name).toBe('Jos\u00e9');
    });

    it('display names refuse controls, bidi overrides and isolates, lone surrogates, invisible-only text and 33 characters', async () => {
      for (const displayName of [
        'a\u0007b',
        'a\nb',
        'evil\u202Egnp.exe',
        'a\u2066b',
        'x\ud800',
        '\u200B\u3164',
        '',
        '😀'.repeat(33),
      ]) {
        const username = uniqueUsername();
        const res = await register({ username, password: PASSWORD, displayName });
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.error.data.issues[0].path).toBe('displayName');
        expect(await usersNamed(username)).toEqual([]);
      }
      expect((await makeAccount(t, { displayName: '😀'.repeat(32) })).me.displayName).toBe('😀'.repeat(32));
    });

    it('each VALIDATION_FAILED issue names its rule and limit, for clients to put in words', async () => {
      const long = await register({
        username: uniqueUsername(),
        password: PASSWORD,
        displayName: '😀'.repeat(33),
      });
      expect(long.body.error.data.issues[0]).toMatchObject({
        path: 'displayName',
        rule: 'tooLong',
        limit: 32,
      });
      const hidden = await register({
        username: uniqueUsername(),
        password: PASSWORD,
        displayName: 'a\u202Eb',
      });
      expect(hidden.body.error.data.issues[0]).toMatchObject({ path: 'displayName', rule: 'badCharacters' });
    });

    it('passwords must be at least 8 characters', async () => {
      const username = uniqueUsername();
      expectError(
        await register({ username, password: '1234567', displayName: 'x' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(await usersNamed(username)).toEqual([]);
      expect((await register({ username, password: '12345678', displayName: 'x' })).status).toBe(201);
    });

    it('stores the password as argon2id with m ≥ 19456 KiB and t ≥ 2, never the password itself', async () => {
      const account = await makeAccount(t);
      const [row] = await usersNamed(account.username);
      const hash = row!.password_hash;
      expect(hash.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
      const [, m, tc] = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=\d+\$/.exec(hash)!;
      expect(Number(m)).toBeGreaterThanOrEqual(19_456);
      expect(Number(tc)).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(row)).not.toContain(account.password);
    });

    it('tokens carry at least 256 random bits and only their SHA-256 is stored', async () => {
      const account = await makeAccount(t);
      expect(Buffer.from(account.token, 'base64url').length).toBeGreaterThanOrEqual(32);
      const session = await t.server.ctx.db
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', account.sessionId)
        .executeTakeFirstOrThrow();
      expect(session.token_hash).toBe(sha256(account.token));
      for (const table of ['users', 'sessions', 'media'] as const) {
        const rows = await t.server.ctx.db.selectFrom(table).selectAll().execute();
        expect(JSON.stringify(rows)).not.toContain(account.token);
      }
      const other = await makeAccount(t);
      expect(other.token).not.toBe(account.token);
    });
  });

  describe('sign-in', () => {
    function signIn(body: Record<string, unknown>) {
      return http(t.url, 'POST', '/api/sessions', { body });
    }

    it('with transport bearer returns a new device and a token that works', async () => {
      const account = await makeAccount(t);
      const res = await signIn({
        username: account.username,
        password: account.password,
        transport: 'bearer',
        device: { name: 'Work laptop', platform: 'desktop' },
      });
      expect(res.status).toBe(201);
      expect(res.body.user.id).toBe(account.id);
      expect(res.body.device).toMatchObject({ name: 'Work laptop', platform: 'desktop', current: true });
      expect(res.body.device.id).not.toBe(account.sessionId);
      expect(res.body.token).not.toBe(account.token);
      expect((await readMe(t, res.body.token)).id).toBe(account.id);
    });

    it('with transport cookie sets liao_session (HttpOnly, SameSite=Strict, Path=/) and keeps the token out of the body', async () => {
      const account = await makeAccount(t);
      const res = await signIn({
        username: account.username,
        password: account.password,
        transport: 'cookie',
      });
      expect(res.status).toBe(201);
      expect(res.body.token).toBeUndefined();
      const header = res.headers.getSetCookie().find((c) => c.startsWith('liao_session='))!;
      expect(header).toMatch(/; HttpOnly/i);
      expect(header).toMatch(/; SameSite=Strict/i);
      expect(header).toMatch(/; Path=\//i);
      const me = await http(t.url, 'GET', '/api/me', {
        headers: { cookie: `liao_session=${sessionCookie(res)}` },
      });
      expect(me.body.id).toBe(account.id);
    });

    it('finds the account without regard to the case of the username', async () => {
      const account = await makeAccount(t);
      const res = await signIn({ username: account.username.toUpperCase(), password: account.password });
      expect(res.status).toBe(201);
      expect(res.body.user.id).toBe(account.id);
    });

    it('a wrong password and an unknown username get the same 401 INVALID_CREDENTIALS body', async () => {
      const account = await makeAccount(t);
      const wrong = await signIn({ username: account.username, password: 'not the password' });
      const unknown = await signIn({ username: uniqueUsername('nobody'), password: 'not the password' });
      expectError(wrong, 401, 'INVALID_CREDENTIALS');
      expect(unknown.status).toBe(wrong.status);
      expect(unknown.body).toEqual(wrong.body);
      expect(wrong.headers.getSetCookie()).toEqual([]);
    });
  });
});

describeEachStore('sign-in rate limits', (store) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(store, {
      configure(config) {
        config.rateLimits.signInFailuresPerAccount = { limit: 3, windowMs: 60_000 };
      },
    });
  });
  afterAll(() => t.destroy());

  const signIn = (username: string, password: string, headers?: Record<string, string>) =>
    http(t.url, 'POST', '/api/sessions', {
      body: { username, password, transport: 'bearer' },
      ...(headers ? { headers } : {}),
    });

  it('per account: after 3 failures → 429 RATE_LIMITED with Retry-After; the right password is refused until the window ends', async () => {
    const account = await makeAccount(t);
    for (let i = 0; i < 3; i++)
      expectError(await signIn(account.username, 'wrong password'), 401, 'INVALID_CREDENTIALS');
    const limited = await signIn(account.username, 'wrong password');
    expectError(limited, 429, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.body.error.data.retryAfterSeconds).toBe(retryAfter);

    const correct = await signIn(account.username, account.password);
    expectError(correct, 429, 'RATE_LIMITED');
    expect(correct.body.token).toBeUndefined();
    // The limit is per account without case: another spelling is the same account.
    expectError(await signIn(account.username.toUpperCase(), account.password), 429, 'RATE_LIMITED');

    t.clock.advance(60_001);
    const after = await signIn(account.username, account.password);
    expect(after.status).toBe(201);
  });

  it('per account: parallel guesses cannot slip past the limit (12 at once → at most 3 are checked)', async () => {
    const account = await makeAccount(t);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signIn(account.username, `wrong password ${i}`)),
    );
    const codes = results.map((r) => r.body.error.code);
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS').length).toBeLessThanOrEqual(3);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(9);
    expect(new Set(codes)).toEqual(new Set(['INVALID_CREDENTIALS', 'RATE_LIMITED']));
    expectError(await signIn(account.username, account.password), 429, 'RATE_LIMITED');
  });

  it('per account: other accounts are not affected by one account being limited', async () => {
    const victim = await makeAccount(t);
    const bystander = await makeAccount(t);
    for (let i = 0; i < 4; i++) await signIn(victim.username, 'wrong password');
    expect((await signIn(bystander.username, bystander.password)).status).toBe(201);
  });

  it('per account: a successful sign-in clears the failures counted so far', async () => {
    const account = await makeAccount(t);
    for (let i = 0; i < 2; i++) await signIn(account.username, 'wrong password');
    expect((await signIn(account.username, account.password)).status).toBe(201);
    for (let i = 0; i < 2; i++)
      expectError(await signIn(account.username, 'wrong password'), 401, 'INVALID_CREDENTIALS');
    expect((await signIn(account.username, account.password)).status).toBe(201);
  });

  it('unknown usernames are limited like real ones (no way to tell them apart)', async () => {
    const ghost = uniqueUsername('ghost');
    for (let i = 0; i < 3; i++)
      expectError(await signIn(ghost, 'wrong password'), 401, 'INVALID_CREDENTIALS');
    expectError(await signIn(ghost, 'wrong password'), 429, 'RATE_LIMITED');
  });
});

describeEachStore('sign-in and registration rate limits per address', (store) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(store, {
      configure(config) {
        config.rateLimits.signInFailuresPerAddress = { limit: 3, windowMs: 60_000 };
        config.rateLimits.registrationsPerAddress = { limit: 3, windowMs: 60_000 };
      },
    });
  });
  afterAll(() => t.destroy());

  it('failures on different accounts count together per address; X-Forwarded-For does not escape it', async () => {
    const registered = [await makeAccount(t), await makeAccount(t), await makeAccount(t)];
    t.clock.advance(60_001); // the registrations above used the address's registration budget
    const account = registered[0]!;
    for (let i = 0; i < 3; i++) {
      const res = await http(t.url, 'POST', '/api/sessions', {
        body: { username: uniqueUsername('ghost'), password: 'wrong password' },
      });
      expectError(res, 401, 'INVALID_CREDENTIALS');
    }
    const limited = await http(t.url, 'POST', '/api/sessions', {
      body: { username: account.username, password: account.password, transport: 'bearer' },
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    t.clock.advance(60_001);
    const after = await http(t.url, 'POST', '/api/sessions', {
      body: { username: account.username, password: account.password, transport: 'bearer' },
    });
    expect(after.status).toBe(201);
  });

  it('registrations per address: the 4th within the window is 429 and makes no account', async () => {
    t.clock.advance(60_001);
    for (let i = 0; i < 3; i++) await makeAccount(t);
    const username = uniqueUsername();
    const res = await http(t.url, 'POST', '/api/accounts', {
      body: { username, password: PASSWORD, displayName: 'x' },
    });
    expectError(res, 429, 'RATE_LIMITED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const rows = await t.server.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username_key', '=', username.toLowerCase())
      .execute();
    expect(rows).toEqual([]);
    t.clock.advance(60_001);
    await makeAccount(t, { username });
  });
});
