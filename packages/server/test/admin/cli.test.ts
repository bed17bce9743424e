import { CloseCodes, parseSignOutCloseReason } from '@liao/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, makeAccount, signInAgain } from '../support/builders';
import { makeChatPair, sendText } from '../support/chat-fixtures';
import { makeFixtures } from '../support/friends-fixtures';
import {
  deleteRedisPrefix,
  describeEachStore,
  freshRedisPrefix,
  startTestServer,
  type TestServer,
  uniqueUsername,
} from '../support/harness';
import { http } from '../support/http';
import { cliEnvOf, runLiao } from '../support/liao-cli';
import { describeRedis } from '../support/redis-fixtures';
import { openSocket, type TestSocket } from '../support/sockets';

/** Each command is a process of its own (about a second, more on a loaded machine). */
const CLI_TEST_MS = 90_000;
/** Short, so that a revocation made beside the server (no Redis) reaches its sockets quickly. */
const SESSION_CHECK_MS = 100;

async function signIn(t: TestServer, username: string, password: string) {
  return http(t.url, 'POST', '/api/sessions', { body: { username, password, transport: 'bearer' } });
}

async function closedWithin(socket: TestSocket, ms: number): Promise<number> {
  const timeout = new Promise<number>((_, reject) =>
    setTimeout(() => reject(new Error(`the socket stayed open for ${ms} ms`)), ms),
  );
  return Promise.race([socket.closed.then((c) => c.code), timeout]);
}

async function openHello(t: TestServer, token: string): Promise<TestSocket> {
  const socket = await openSocket(t.url, { token });
  await socket.next((f) => f.type === 'hello');
  return socket;
}

describeEachStore('admin command line', (store) => {
  let t: TestServer;
  let env: Record<string, string>;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    t = await startTestServer(store, {
      configure(config) {
        config.sessionCheckMs = SESSION_CHECK_MS;
      },
    });
    env = cliEnvOf(t);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.destroy();
  });

  it(
    'user create prints a generated password that signs in over HTTP; --name sets the display name',
    async () => {
      const username = uniqueUsername('cli');
      const created = await runLiao(['user', 'create', username, '--name', '老王'], env);
      expect(created.code, created.stderr).toBe(0);
      const password = /^Password: (\S+)$/m.exec(created.stdout)?.[1];
      expect(password).toBeDefined();
      expect(password?.length).toBeGreaterThanOrEqual(16);
      const res = await signIn(t, username, password ?? '');
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.user.displayName).toBe('老王');
      expect(res.body.user.username).toBe(username);

      const again = await runLiao(['user', 'create', username.toUpperCase()], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('USERNAME_TAKEN');
    },
    CLI_TEST_MS,
  );

  it(
    'user create --password-stdin takes the password from stdin (and refuses a short one)',
    async () => {
      const username = uniqueUsername('cli');
      const created = await runLiao(['user', 'create', username, '--password-stdin'], env, {
        stdin: 'a long enough password\n',
      });
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).not.toContain('Password:');
      expect((await signIn(t, username, 'a long enough password')).status).toBe(201);

      const short = await runLiao(['user', 'create', uniqueUsername('cli'), '--password-stdin'], env, {
        stdin: 'short\n',
      });
      expect(short.code).toBe(1);
      expect(short.stderr).toContain('VALIDATION_FAILED');
    },
    CLI_TEST_MS,
  );

  it(
    'user reset-password: the old password and every session stop working, the open socket closes',
    async () => {
      const account = await makeAccount(t);
      const socket = await openHello(t, account.token);
      sockets.push(socket);
      const reset = await runLiao(['user', 'reset-password', account.username, '--password-stdin'], env, {
        stdin: 'the new password here',
      });
      expect(reset.code, reset.stderr).toBe(0);
      expect(reset.stdout).toContain('1 device(s) signed out');
      expect(await closedWithin(socket, 5000)).toBe(CloseCodes.SESSION_REVOKED);
      expectError(await http(t.url, 'GET', '/api/me', { token: account.token }), 401, 'UNAUTHENTICATED');
      expectError(await signIn(t, account.username, account.password), 401, 'INVALID_CREDENTIALS');
      expect((await signIn(t, account.username, 'the new password here')).status).toBe(201);
    },
    CLI_TEST_MS,
  );

  it(
    'user disable: sign-in refused with ACCOUNT_DISABLED, open sockets closed, others untouched; enable lets it back',
    async () => {
      const account = await makeAccount(t);
      const bystander = await makeAccount(t);
      const socket = await openHello(t, account.token);
      const other = await openHello(t, bystander.token);
      sockets.push(socket, other);

      const disabled = await runLiao(['user', 'disable', account.username], env);
      expect(disabled.code, disabled.stderr).toBe(0);
      expect(await closedWithin(socket, 5000)).toBe(CloseCodes.SESSION_REVOKED);
      // The device is told why: over the bus (Redis), or by the node's own session check.
      expect(parseSignOutCloseReason((await socket.closed).reason)).toEqual({ reason: 'disabled' });
      expectError(await signIn(t, account.username, account.password), 403, 'ACCOUNT_DISABLED');
      expectError(await http(t.url, 'GET', '/api/me', { token: account.token }), 401, 'UNAUTHENTICATED');
      // Several session checks have run since; the bystander's connection still works.
      await new Promise((resolve) => setTimeout(resolve, SESSION_CHECK_MS * 3));
      await other.roundTrip();

      const enabled = await runLiao(['user', 'enable', account.username], env);
      expect(enabled.code, enabled.stderr).toBe(0);
      const back = await signIn(t, account.username, account.password);
      expect(back.status).toBe(201);
      sockets.push(await openHello(t, back.body.token));
    },
    CLI_TEST_MS,
  );

  it(
    'sessions list shows the devices; revoke signs out one, --all the rest',
    async () => {
      const account = await makeAccount(t);
      const laptop = await signInAgain(t, account, { name: 'Laptop', platform: 'desktop' });
      const laptopSocket = await openHello(t, laptop.token);
      sockets.push(laptopSocket);

      const listed = await runLiao(['sessions', 'list', account.username, '--json'], env);
      expect(listed.code, listed.stderr).toBe(0);
      const devices = JSON.parse(listed.stdout) as { id: string; device: string; platform: string }[];
      expect(devices.map((d) => d.id).sort()).toEqual([account.sessionId, laptop.sessionId].sort());
      expect(devices.find((d) => d.id === laptop.sessionId)).toMatchObject({
        device: 'Laptop',
        platform: 'desktop',
      });
      const table = await runLiao(['sessions', 'list', account.username], env);
      expect(table.stdout).toMatch(/^SESSION\s+DEVICE/);
      expect(table.stdout).toContain(laptop.sessionId);

      const one = await runLiao(['sessions', 'revoke', laptop.sessionId], env);
      expect(one.code, one.stderr).toBe(0);
      expect(await closedWithin(laptopSocket, 5000)).toBe(CloseCodes.SESSION_REVOKED);
      expectError(await http(t.url, 'GET', '/api/me', { token: laptop.token }), 401, 'UNAUTHENTICATED');
      expect((await http(t.url, 'GET', '/api/me', { token: account.token })).status).toBe(200);

      const unknown = await runLiao(['sessions', 'revoke', laptop.sessionId], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('SESSION_NOT_FOUND');

      const all = await runLiao(['sessions', 'revoke', '--all', account.username], env);
      expect(all.code, all.stderr).toBe(0);
      expectError(await http(t.url, 'GET', '/api/me', { token: account.token }), 401, 'UNAUTHENTICATED');
      const empty = await runLiao(['sessions', 'list', account.username, '--json'], env);
      expect(JSON.parse(empty.stdout)).toEqual([]);

      const nobody = await runLiao(['sessions', 'list', uniqueUsername('nobody')], env);
      expect(nobody.code).toBe(1);
      expect(nobody.stderr).toContain('USER_NOT_FOUND');
    },
    CLI_TEST_MS,
  );

  it(
    'bad usage exits 2 with the usage text; help exits 0',
    async () => {
      const cases = [
        [],
        ['user'],
        ['user', 'frobnicate', 'x'],
        ['user', 'create'],
        ['user', 'create', 'a', 'b'],
        ['stats', '--name', 'x'],
        ['stats', '--bogus'],
        ['sessions', 'list', 'someone', '--all'],
        ['user', 'create', 'someone', '--name'],
        ['push'],
        ['push', 'rotate'],
        ['push', 'rotate-keys', 'now'],
        ['push', 'rotate-keys', '--force'],
      ];
      const results = await Promise.all(cases.map((args) => runLiao(args, env)));
      results.forEach((result, i) => {
        expect(result.code, `${cases[i]?.join(' ')}: ${result.stderr}`).toBe(2);
        expect(result.stderr).toContain('Usage: npm run liao');
        expect(result.stdout).toBe('');
      });
      const help = await runLiao(['help'], env);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('user reset-password <username>');
      expect(help.stdout).toContain('push rotate-keys [--json]');
    },
    CLI_TEST_MS,
  );
});

describeEachStore('admin command line: stats', (store) => {
  let t: TestServer;
  const f = makeFixtures(() => t);
  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  it(
    'counts users, conversations, messages, sessions, videos and jobs of the store',
    async () => {
      const pair = await makeChatPair(f);
      for (let i = 0; i < 5; i++) await sendText(pair.a.client, pair.conversationId, `hello ${i}`);
      const seen = await pair.b.client.request('history', {
        conversationId: pair.conversationId,
        limit: 100,
      });
      const extra = await makeAccount(t);
      const disabled = await runLiao(['user', 'disable', extra.username], cliEnvOf(t));
      expect(disabled.code, disabled.stderr).toBe(0);

      const result = await runLiao(['stats', '--json'], cliEnvOf(t));
      expect(result.code, result.stderr).toBe(0);
      const stats = JSON.parse(result.stdout);
      expect(stats.users).toEqual({ total: 3, disabled: 1 });
      expect(stats.conversations).toEqual({ direct: 1 });
      expect(stats.messages).toBe(seen.messages.length);
      expect(stats.messages).toBeGreaterThanOrEqual(5);
      expect(stats.sessions).toBe(2);
      expect(stats.videos).toEqual({});
      expect(stats.jobs).toEqual({});
      expect(stats.storeBytes).toBeGreaterThan(0);

      const text = await runLiao(['stats'], cliEnvOf(t));
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^users\s+3\s+1 disabled$/m);
      expect(text.stdout).toMatch(new RegExp(`^messages\\s+${seen.messages.length}$`, 'm'));
    },
    CLI_TEST_MS,
  );
});

describeRedis('admin command line with Redis', () => {
  const prefix = freshRedisPrefix();
  let one: TestServer;
  let two: TestServer;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    // The session check is far off: only the bus can close the sockets within the test.
    const configure = (config: { sessionCheckMs: number }) => {
      config.sessionCheckMs = 600_000;
    };
    one = await startTestServer('sqlite', { redis: { prefix }, configure });
    two = await startTestServer('sqlite', { reuse: { dataDir: one.dataDir }, redis: { prefix }, configure });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await two?.stop();
    await one?.destroy();
    await deleteRedisPrefix(prefix);
  });

  it(
    'user disable closes the sockets of the account on every node at once',
    async () => {
      const account = await makeAccount(one);
      const laptop = await signInAgain(one, account, { name: 'Laptop', platform: 'desktop' });
      const onOne = await openHello(one, account.token);
      const onTwo = await openHello(two, laptop.token);
      sockets.push(onOne, onTwo);
      const disabled = await runLiao(['user', 'disable', account.username], cliEnvOf(one));
      expect(disabled.code, disabled.stderr).toBe(0);
      expect(disabled.stderr).not.toContain('Without LIAO_REDIS_URL');
      expect(await closedWithin(onOne, 5000)).toBe(CloseCodes.SESSION_REVOKED);
      expect(await closedWithin(onTwo, 5000)).toBe(CloseCodes.SESSION_REVOKED);
    },
    CLI_TEST_MS,
  );
});

describe('admin command line: configuration', () => {
  it(
    'a bad LIAO_* environment is an error (exit 1) that names the setting',
    async () => {
      const result = await runLiao(['stats'], { LIAO_STORAGE: 'tape' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('LIAO_STORAGE');
    },
    CLI_TEST_MS,
  );
});
