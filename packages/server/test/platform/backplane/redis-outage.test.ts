import { CloseCodes } from '@liao/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount } from '../../support/builders';
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
import { RedisRelay } from '../../support/redis-fixtures';
import { openSocket } from '../../support/sockets';
import { makeSyncFixtures, nextSynced, storedMessages, until } from '../../support/sync-fixtures';

const PG_URL = process.env.LIAO_TEST_PG_URL;
const ready = Boolean(PG_URL && REDIS_URL);
const suite = ready ? describe : describe.skip;
const title = ready
  ? 'a node losing Redis while another keeps it'
  : 'a node losing Redis while another keeps it [skipped: LIAO_TEST_PG_URL and LIAO_TEST_REDIS_URL are both needed]';

suite(title, () => {
  const prefix = freshRedisPrefix();
  const relay = new RedisRelay();
  /** Reaches Redis directly. */
  let one: TestServer;
  /** Reaches Redis through the relay, which the test cuts and restores. */
  let two: TestServer;
  const onOne = makeSyncFixtures(() => one.url);
  const onTwo = makeSyncFixtures(() => two.url);

  beforeAll(async () => {
    await relay.start();
    one = await startTestServer('postgres', { redis: { prefix } });
    two = await startTestServer('postgres', {
      reuse: { dataDir: one.dataDir, schema: one.schema },
      redis: { prefix },
      configure: (config) => {
        config.redisUrl = relay.url;
      },
    });
  });
  afterAll(async () => {
    onOne.closeAll();
    onTwo.closeAll();
    await relay.cut();
    await two?.stop();
    await one?.destroy();
    await deleteRedisPrefix(prefix);
  });

  it('refuses work with 503 UNAVAILABLE and reports unready while Redis is away; once back, drops its caches and makes every connection reconnect and sync, which brings what it missed', async () => {
    const alice = await onOne.makeUser('al');
    const bob = await onTwo.makeUser('bo');
    const conversationId = await onOne.befriend(alice, bob);
    const aliceLive = await onOne.connected(alice.token);
    const device = onTwo.device(bob.token);
    const firstSync = nextSynced(device.client);
    await device.client.connect();
    await firstSync;
    const raw = await openSocket(two.url, { token: bob.token });
    // Caches the bus keeps true on node two.
    await two.server.domains.membership.members.get(conversationId);
    two.server.domains.membership.permissions.remember(conversationId, bob.id);
    expect((await http(two.url, 'GET', '/readyz')).status).toBe(200);

    await relay.cut();
    expect((await http(two.url, 'GET', '/readyz')).status).toBe(503);
    const search = await http(two.url, 'GET', '/api/users/search?username=nobody', { token: bob.token });
    expect(search.status).toBe(503);
    expect(search.body.error.code).toBe('UNAVAILABLE');
    expect((await http(one.url, 'GET', '/readyz')).status).toBe(200);
    // Node one goes on; node two's devices miss what it publishes meanwhile.
    const missed = await aliceLive.request('message.send', {
      conversationId,
      clientId: crypto.randomUUID(),
      content: { kind: 'text', text: 'sent while node two was cut off' },
    });

    const closed = raw.closed;
    await relay.start();
    expect((await closed).code).toBe(CloseCodes.MISSED_EVENTS);
    expect(two.server.domains.membership.members.peek(conversationId)).toBeUndefined();
    expect(two.server.domains.membership.permissions.has(conversationId, bob.id)).toBe(false);
    await until(
      device.client,
      async () =>
        (await storedMessages(device.client, conversationId)).some((m) => m.id === missed.message.id),
      'the missed message, by sync after the reconnect',
    );
    await pollUntil(async () => (await http(two.url, 'GET', '/readyz')).status === 200);

    // And live delivery works again on node two.
    const heard = device.client.waitForEvent(
      'message.new',
      (e) => e.message.conversationId === conversationId,
    );
    const after = await aliceLive.request('message.send', {
      conversationId,
      clientId: crypto.randomUUID(),
      content: { kind: 'text', text: 'after' },
    });
    expect((await heard).message.id).toBe(after.message.id);
  });

  it("a send stored while its node could not publish reaches another node's devices live once the link is back", async () => {
    const alice = await onTwo.makeUser('al');
    const bob = await onOne.makeUser('bo');
    const conversationId = await onOne.befriend(bob, alice);
    const sender = onTwo.device(alice.token).client;
    const reader = onOne.device(bob.token).client;
    const synced = [nextSynced(sender), nextSynced(reader)];
    await Promise.all([sender.connect(), reader.connect()]);
    await Promise.all(synced);

    await relay.cut();
    // Stored in PostgreSQL, but node two cannot publish it: the SDK is told UNAVAILABLE (its
    // resend is then acknowledged from the store) and node two keeps the event to publish once
    // Redis is back.
    await sender.sendText(conversationId, 'stored, not yet told');
    await pollUntil(
      async () =>
        (await two.server.ctx.db
          .selectFrom('messages')
          .select('seq')
          .where('conversation_id', '=', conversationId)
          .where('sender_id', '=', alice.id)
          .execute()
          .then((rows) => rows.length)) > 0,
      'the message to be stored',
    );

    // Node one never lost Redis, so its devices get no reason to sync: only a live event brings it.
    const heard = reader.waitForEvent(
      'message.new',
      (e) => e.message.conversationId === conversationId && e.message.senderId === alice.id,
      20_000,
    );
    await relay.start();
    expect((await heard).message.content).toMatchObject({ text: 'stored, not yet told' });
    await sender.whenSent();
    const texts = (await storedMessages(reader, conversationId)).flatMap((m) =>
      m.content.kind === 'text' ? [m.content.text] : [],
    );
    expect(texts.filter((text) => text === 'stored, not yet told')).toHaveLength(1);
  });

  it('a desktop sign-in page whose node was cut off while the phone scanned and confirmed is told once the link is back, with a claim that works', async () => {
    const phone = await makeAccount(one, { displayName: '小红' });
    const desktop = await openDesktop(two.url);
    const body = { code: codeOf(desktop.ticket) };

    await relay.cut();
    expect((await http(one.url, 'POST', '/api/qr/scan', { token: phone.token, body })).status).toBe(200);
    expect((await http(one.url, 'POST', '/api/qr/confirm', { token: phone.token, body })).status).toBe(204);

    await relay.start();
    const { ticketId, claim } = await desktop.next('qr.confirmed', 20_000);
    const claimed = await http(two.url, 'POST', '/api/qr/claim', {
      body: { ticketId, claim, transport: 'bearer' },
    });
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(201);
    expect(claimed.body.user.id).toBe(phone.id);
    desktop.close();
  });
});
