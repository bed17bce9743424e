import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/platform/config';
import { expectError, PASSWORD } from '../../support/builders';
import { describeEachStore, startTestServer, type TestServer, uniqueUsername } from '../../support/harness';
import { http } from '../../support/http';
import { cliEnvOf, runLiao } from '../../support/liao-cli';

/** The admin command line is a process of its own (about a second, more on a loaded machine). */
const CLI_TEST_MS = 90_000;

function register(t: TestServer, username: string) {
  return http(t.url, 'POST', '/api/accounts', {
    body: { username, password: PASSWORD, displayName: '新人', transport: 'bearer' },
  });
}

describe('LIAO_REGISTRATION', () => {
  it('is open unless the operator closes it; any other value is refused at start', () => {
    expect(loadConfig({}).registration).toBe('open');
    expect(loadConfig({ LIAO_REGISTRATION: 'closed' }).registration).toBe('closed');
    expect(() => loadConfig({ LIAO_REGISTRATION: 'invite' })).toThrow();
  });
});

describeEachStore('registration', (store) => {
  describe('open (the default)', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(store);
    });
    afterAll(() => t.destroy());

    it('says so to anyone, signed in or not, and anyone may sign up', async () => {
      const info = await http(t.url, 'GET', '/api/accounts/registration');
      expect(info.status).toBe(200);
      expect(info.body).toEqual({ open: true });
      expect((await register(t, uniqueUsername())).status).toBe(201);
    });
  });

  describe('closed', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(store, {
        configure(config) {
          config.registration = 'closed';
        },
      });
    });
    afterAll(() => t.destroy());

    it('says so before anyone types', async () => {
      const info = await http(t.url, 'GET', '/api/accounts/registration');
      expect(info.body).toEqual({ open: false });
    });

    it('refuses a sign-up with 403 REGISTRATION_CLOSED and makes no account, whatever was typed', async () => {
      const username = uniqueUsername();
      expectError(await register(t, username), 403, 'REGISTRATION_CLOSED');
      // Even a reserved name gets the same answer: the door is shut before anything is read.
      expectError(await register(t, 'admin'), 403, 'REGISTRATION_CLOSED');
      const rows = await t.server.ctx.db
        .selectFrom('users')
        .select('id')
        .where('username_key', '=', username.toLowerCase())
        .execute();
      expect(rows).toEqual([]);
    });

    it(
      'the operator still makes accounts with `liao user create`, and they sign in',
      async () => {
        const username = uniqueUsername('op');
        const created = await runLiao(['user', 'create', username, '--password-stdin'], cliEnvOf(t), {
          stdin: `${PASSWORD}\n`,
        });
        expect(created.code, created.stderr).toBe(0);
        const res = await http(t.url, 'POST', '/api/sessions', {
          body: { username, password: PASSWORD, transport: 'bearer' },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      },
      CLI_TEST_MS,
    );
  });
});
