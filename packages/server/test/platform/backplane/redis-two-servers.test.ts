import type { ServerEvent } from '@liao/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount } from '../../support/builders';
import { makePeople, type Person, record } from '../../support/conversation-fixtures';
import {
  deleteRedisPrefix,
  freshRedisPrefix,
  REDIS_URL,
  startTestServer,
  type TestServer,
} from '../../support/harness';
import { http } from '../../support/http';
import { pollUntil } from '../../support/poll';
import { codeOf, openDesktop } from '../../support/qr-fixtures';

const PG_URL = process.env.LIAO_TEST_PG_URL;
const ready = Boolean(PG_URL && REDIS_URL);
const suite = ready ? describe : describe.skip;
const title = ready
  ? 'two servers sharing PostgreSQL and Redis'
  : 'two servers sharing PostgreSQL and Redis [skipped: LIAO_TEST_PG_URL and LIAO_TEST_REDIS_URL are both needed]';

const presenceOf = (events: ServerEvent[], userId: string) =>
  events.filter((e) => e.type === 'presence' && e.userId === userId);

suite(title, () => {
  const prefix = freshRedisPrefix();
  let one: TestServer;
  let two: TestServer;
  const onOne = makePeople(() => one);
  const onTwo = makePeople(() => two);

  beforeAll(async () => {
    one = await startTestServer('postgres', { redis: { prefix } });
    two = await startTestServer('postgres', {
      reuse: { dataDir: one.dataDir, schema: one.schema },
      redis: { prefix },
    });
  });
  afterAll(async () => {
    onOne.closeAll();
    onTwo.closeAll();
    // The second shares the first's folder and schema: only stopped; the first removes them.
    await two?.stop();
    await one?.destroy();
    await deleteRedisPrefix(prefix);
  });

  /** A person whose client talks to `two` (same account store as `one`). */
  async function personOnTwo(): Promise<Person> {
    return onTwo.person();
  }

  it('a friend connected to one server is announced to a watcher on the other; online until their last device on either closes', async () => {
    const watcher = await personOnTwo();
    await watcher.client.connect();
    const friend = await onOne.person();
    await onOne.befriend(watcher, friend);
    const events = record(watcher.client);

    const online = watcher.client.waitForEvent('presence', (e) => e.userId === friend.id && e.online);
    await friend.client.connect();
    expect(await online).toEqual({ type: 'presence', userId: friend.id, online: true, lastSeenAt: null });

    // A second device of the friend, on the other server: no news.
    const second = await onTwo.device(friend);
    expect(await watcher.client.api.getPresence([friend.id])).toEqual([
      { userId: friend.id, online: true, lastSeenAt: null },
    ]);
    friend.client.disconnect();
    await pollUntil(() => (one.server.gateway.connections.ofUser(friend.id)?.size ?? 0) === 0);
    // A marker that travels after anything the first device's closing could have caused.
    const marker = await onOne.person();
    await onOne.befriend(watcher, marker);
    const markerOnline = watcher.client.waitForEvent('presence', (e) => e.userId === marker.id);
    await marker.client.connect();
    await markerOnline;
    expect(presenceOf(events, friend.id)).toHaveLength(1);

    const offline = watcher.client.waitForEvent('presence', (e) => e.userId === friend.id && !e.online);
    second.disconnect();
    expect((await offline).lastSeenAt).toEqual(expect.any(Number));
    // Asked through the first server this time.
    const [seen] = await onOne.device(watcher).then((c) => c.api.getPresence([friend.id]));
    expect(seen?.online).toBe(false);
  });

  it('a message sent through one server reaches the other’s devices, and a sender’s other device on the same server', async () => {
    const alice = await onOne.person();
    const bob = await personOnTwo();
    await onOne.befriend(alice, bob);
    await alice.client.connect();
    await bob.client.connect();
    const aliceOnTwo = await onTwo.device(alice);
    const conversationId = await alice.client.api.openDirect(bob.id);
    const atBob = bob.client.waitForEvent('message.new', (e) => e.message.conversationId === conversationId);
    const atAliceTwo = aliceOnTwo.waitForEvent(
      'message.new',
      (e) => e.message.conversationId === conversationId,
    );
    const sent = await alice.client.request('message.send', {
      conversationId,
      clientId: crypto.randomUUID(),
      content: { kind: 'text', text: '你好' },
    });
    expect((await atBob).message).toEqual(sent.message);
    expect((await atAliceTwo).message).toEqual(sent.message);
  });

  it('QR sign-in with the desktop on one server and the phone on the other', async () => {
    const phone = await makeAccount(two, { displayName: '小红' });
    const desktop = await openDesktop(one.url);
    try {
      const code = codeOf(desktop.ticket);
      const body = { code };
      expect((await http(two.url, 'POST', '/api/qr/scan', { token: phone.token, body })).status).toBe(200);
      expect((await desktop.next('qr.scanned')).user.displayName).toBe('小红');
      expect((await http(two.url, 'POST', '/api/qr/confirm', { token: phone.token, body })).status).toBe(204);
      const { ticketId, claim } = await desktop.next('qr.confirmed');
      const claimed = await http(two.url, 'POST', '/api/qr/claim', {
        body: { ticketId, claim, transport: 'bearer' },
      });
      expect(claimed.status).toBe(201);
      expect(claimed.body.user.id).toBe(phone.id);
      // Used up, on either server.
      expect(
        (await http(one.url, 'POST', '/api/qr/scan', { token: phone.token, body })).body.error.code,
      ).toBe('QR_TICKET_USED');
    } finally {
      desktop.close();
    }
  });
});
