import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectError } from '../../support/builders';
import { makePeople } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import { http } from '../../support/http';
import { type PushService, startPushService } from '../../support/pushService';

describeEachStore('[issue 18] push subscription routes', (store) => {
  let t: TestServer;
  let pushService: PushService;
  const people = makePeople(() => t);
  beforeAll(async () => {
    pushService = await startPushService();
    // The production configuration: no loopback endpoints.
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t?.destroy();
    await pushService?.close();
  });

  const keys = () => pushService.subscribe().keys;
  const body = (endpoint: string, k = keys()) => ({ endpoint, keys: k });

  it('refuses endpoints the server must not call and ill-formed keys, storing nothing', async () => {
    const p = await people.person();
    const token = p.client.api.http.token ?? '';
    const good = keys();
    const cases: [unknown, string | undefined][] = [
      [body('not a url'), undefined],
      [body('ftp://push.example.com/x'), undefined],
      [body('http://push.example.com/x'), 'PUSH_ENDPOINT_NOT_HTTPS'],
      [body(`${pushService.url}/push/x`), 'PUSH_ENDPOINT_NOT_HTTPS'],
      [body('https://127.0.0.1/x'), 'PUSH_ENDPOINT_NOT_PUBLIC'],
      [body('https://10.1.2.3/x'), 'PUSH_ENDPOINT_NOT_PUBLIC'],
      [body('https://[::1]/x'), 'PUSH_ENDPOINT_NOT_PUBLIC'],
      [body('https://0x7f000001/x'), 'PUSH_ENDPOINT_NOT_PUBLIC'],
      [body('https://localhost/x'), 'PUSH_ENDPOINT_NOT_PUBLIC'],
      [body('https://push.localhost/x'), 'PUSH_ENDPOINT_NOT_PUBLIC'],
      [body('https://intranet/x'), 'PUSH_ENDPOINT_NOT_PUBLIC'],
      [body('https://user:pw@push.example.com/x'), 'PUSH_ENDPOINT_NOT_HTTPS'],
      [body(`https://push.example.com/${'x'.repeat(1100)}`), undefined],
      [body('https://push.example.com/x', { p256dh: good.p256dh.slice(1), auth: good.auth }), undefined],
      [
        body('https://push.example.com/x', { p256dh: `B${'A'.repeat(86)}`, auth: good.auth }),
        'PUSH_KEY_INVALID',
      ],
      [body('https://push.example.com/x', { p256dh: good.p256dh, auth: `${good.auth}AA` }), undefined],
      [{ ...body('https://push.example.com/x'), extra: 1 }, undefined],
      [{ endpoint: 'https://push.example.com/x' }, undefined],
    ];
    for (const [input, reason] of cases) {
      const res = await http(t.url, 'PUT', '/api/push/subscription', { token, body: input });
      expectError(res, 400, 'VALIDATION_FAILED');
      if (reason) expect(res.body.error.data.issues[0].reason, JSON.stringify(input)).toBe(reason);
    }
    expect((await http(t.url, 'GET', '/api/push/subscription', { token })).body).toEqual({
      subscription: null,
    });
    expect(await t.server.ctx.db.selectFrom('push_subscriptions').selectAll().execute()).toEqual([]);

    expectError(
      await http(t.url, 'PATCH', '/api/push/subscription', { token, body: { hidePreview: 'no' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await http(t.url, 'PATCH', '/api/push/subscription', { token, body: {} }),
      400,
      'VALIDATION_FAILED',
    );
    // Nothing to change on a device without a subscription.
    expect(
      (await http(t.url, 'PATCH', '/api/push/subscription', { token, body: { hidePreview: false } })).body,
    ).toEqual({
      subscription: null,
    });
  });

  it('takes a public https endpoint, one per device, preview hidden by default; PATCH and DELETE act on this device only', async () => {
    const p = await people.person();
    const endpoint = 'https://fcm.googleapis.com/fcm/send/abc123';
    const first = await p.client.api.setPushSubscription(body(endpoint));
    expect(first.subscription).toMatchObject({ endpoint, hidePreview: true });
    expect(await p.client.api.updatePushSubscription({ hidePreview: false })).toMatchObject({
      subscription: { hidePreview: false },
    });
    // The browser's new subscription replaces the old and keeps the setting.
    const renewed = await p.client.api.setPushSubscription(body(`${endpoint}-renewed`));
    expect(renewed.subscription).toMatchObject({ endpoint: `${endpoint}-renewed`, hidePreview: false });
    const rows = await t.server.ctx.db
      .selectFrom('push_subscriptions')
      .select('endpoint')
      .where('user_id', '=', p.id)
      .execute();
    expect(rows).toEqual([{ endpoint: `${endpoint}-renewed` }]);

    // Another account can neither see, change, delete nor take it over.
    const q = await people.person();
    expect(await q.client.api.getPushSubscription()).toEqual({ subscription: null });
    await q.client.api.updatePushSubscription({ hidePreview: true });
    await q.client.api.deletePushSubscription();
    const taken = await http(t.url, 'PUT', '/api/push/subscription', {
      token: q.client.api.http.token ?? '',
      body: body(`${endpoint}-renewed`),
    });
    expectError(taken, 400, 'VALIDATION_FAILED');
    expect(taken.body.error.data.issues[0].reason).toBe('PUSH_ENDPOINT_TAKEN');
    expect((await p.client.api.getPushSubscription()).subscription).toMatchObject({ hidePreview: false });

    await p.client.api.deletePushSubscription();
    expect(await p.client.api.getPushSubscription()).toEqual({ subscription: null });
  });

  it('every route needs a session', async () => {
    for (const [method, path] of [
      ['GET', '/api/push/key'],
      ['GET', '/api/push/subscription'],
      ['PUT', '/api/push/subscription'],
      ['PATCH', '/api/push/subscription'],
      ['DELETE', '/api/push/subscription'],
    ] as const) {
      expectError(
        await http(t.url, method, path, { body: method === 'PUT' || method === 'PATCH' ? {} : undefined }),
        401,
        'UNAUTHENTICATED',
      );
    }
  });

  it('changing subscriptions is rate limited per account', async () => {
    const p = await people.person();
    const { limit } = t.server.ctx.config.rateLimits.pushSubscriptionChangesPerUser;
    for (let i = 0; i < limit; i++) await p.client.api.updatePushSubscription({ hidePreview: true });
    const res = await http(t.url, 'PATCH', '/api/push/subscription', {
      token: p.client.api.http.token ?? '',
      body: { hidePreview: true },
    });
    expectError(res, 429, 'RATE_LIMITED');
  });
});
