import { LiaoApi, LiaoClient, MemoryStore } from '@liao/client';
import { nodeSocketFactory } from '@liao/client/node';
import type { Message } from '@liao/protocol';
import { uniqueUsername } from '../support/harness';
import { FAST_BACKOFF } from '../support/sync-fixtures';

const PASSWORD = 'correct horse battery';

/** Where a device's live connection goes: one node's port, or nginx. Tests may re-point it. */
export interface Route {
  name: string;
  url: string;
}

export interface Person {
  id: string;
  username: string;
  token: string;
  /** HTTP API of the first session, through `url` given to makePerson. */
  api: LiaoApi;
}

/** A device: an SDK client with a local store, quick reconnection and whole history, on a route. */
export interface Device {
  name: string;
  person: Person;
  client: LiaoClient;
  /** This device's own route: changing its url moves the next reconnection. */
  route: Route;
}

/** People and devices on a cluster; closeAll() shuts every client down. */
export function makePeople() {
  const clients: LiaoClient[] = [];
  return {
    async person(url: string, prefix = 'cl'): Promise<Person> {
      const username = uniqueUsername(prefix);
      const result = await new LiaoApi({ baseUrl: url }).register({
        username,
        password: PASSWORD,
        displayName: username,
        transport: 'bearer',
      });
      const token = result.token ?? '';
      return { id: result.user.id, username, token, api: new LiaoApi({ baseUrl: url, token }) };
    },

    /** Another session of the person (a second phone or computer), signed in through `url`. */
    async signIn(person: Person, url: string): Promise<string> {
      const result = await new LiaoApi({ baseUrl: url }).signIn({
        username: person.username,
        password: PASSWORD,
        transport: 'bearer',
      });
      return result.token ?? '';
    },

    /** Friends; returns their one-to-one chat. */
    async befriend(a: Person, b: Person): Promise<string> {
      const sent = await a.api.sendFriendRequest(b.id, 'hi');
      await b.api.acceptFriendRequest(sent.request.id);
      return a.api.openDirect(b.id);
    },

    /**
     * A connected device whose socket always goes to route.url at the time it (re)connects,
     * so that a test can move it to another node as a client would after a failover.
     */
    async device(name: string, person: Person, route: Route, token = person.token): Promise<Device> {
      const own = { ...route };
      const open = nodeSocketFactory(() => token);
      const client = new LiaoClient({
        baseUrl: route.url,
        token,
        store: new MemoryStore(),
        backoff: FAST_BACKOFF,
        // A device that was away long gets the newest 20 of a chat and pages back only when
        // the person scrolls; these devices must hold everything, as a bot would.
        sync: { fillGaps: true },
        createSocket: () => open(`${own.url.replace(/^http/, 'ws')}/ws`),
      });
      clients.push(client);
      await client.connect();
      await client.whenSynced();
      return { name, person, client, route: own };
    },

    async closeAll(): Promise<void> {
      await Promise.all(clients.splice(0).map((c) => c.shutdown()));
    },
  };
}

/** A conversation's messages as stored on the device, oldest first. */
export function storedOn(device: Device, conversationId: string): Promise<Message[]> {
  const store = device.client.store;
  if (!store) throw new Error('device without a store');
  return store.listMessages(conversationId);
}
