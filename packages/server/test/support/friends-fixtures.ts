import { LiaoClient } from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import type { ServerEvent } from '@liao/protocol';
import type { TestServer } from './harness';
import { uniqueUsername } from './harness';

const PASSWORD = 'correct horse battery';

/** A registered user with one signed-in SDK client (HTTP only until `connect`). */
export interface TestUser {
  id: string;
  username: string;
  displayName: string;
  token: string;
  client: LiaoClient;
}

/**
 * Makes users and devices for the friends suites, and closes every live connection it opened
 * when `closeAll` is called (afterAll).
 */
export function makeFixtures(t: () => TestServer) {
  const opened: LiaoClient[] = [];

  function newClient(token: string): LiaoClient {
    const client = new LiaoClient({ baseUrl: t().url, createSocket: nodeSocketFactory(() => token) });
    client.setToken(token);
    opened.push(client);
    return client;
  }

  return {
    /** Registers a new account; the display name defaults to the username. */
    async makeUser(options: { displayName?: string; prefix?: string } = {}): Promise<TestUser> {
      const username = uniqueUsername(options.prefix ?? 'fr');
      const displayName = options.displayName ?? username;
      const anonymous = new LiaoClient({ baseUrl: t().url });
      const result = await anonymous.api.register({
        username,
        password: PASSWORD,
        displayName,
        transport: 'bearer',
      });
      const token = result.token ?? '';
      return { id: result.user.id, username, displayName, token, client: newClient(token) };
    },

    /** Signs the user in on another device and opens its live connection. */
    async addDevice(user: TestUser): Promise<LiaoClient> {
      const anonymous = new LiaoClient({ baseUrl: t().url });
      const result = await anonymous.api.signIn({
        username: user.username,
        password: PASSWORD,
        transport: 'bearer',
      });
      const client = newClient(result.token ?? '');
      await client.connect();
      return client;
    },

    /** Makes two users friends through the API (request, then accept). */
    async befriend(a: TestUser, b: TestUser): Promise<void> {
      const sent = await a.client.api.sendFriendRequest(b.id, 'hi');
      await b.client.api.acceptFriendRequest(sent.request.id);
    },

    closeAll(): void {
      for (const client of opened) client.disconnect();
      opened.length = 0;
    },
  };
}

/** Every event a client receives from now on, in order. */
export function recordEvents(client: LiaoClient): ServerEvent[] {
  const events: ServerEvent[] = [];
  client.on('event', (e) => events.push(e));
  return events;
}
