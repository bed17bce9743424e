import { LiaoApi, QrLogin, type QrLoginOptions, type QrLoginState } from '@liao/client';
import type { Message } from '@liao/protocol';
import { qrCodeFromText } from '@liao/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pollUntil } from '../support/poll';
import { DESKTOP_UA } from '../support/qr-fixtures';
import { until } from '../support/sync-fixtures';
import { type Cluster, clusterSkipReason, startCluster } from './cluster';
import { expectEveryMessageOnEveryDevice } from './consistency';
import { waitReady } from './liaoNode';
import { type Device, makePeople, type Route, storedOn } from './people';
import { statusOf } from './processes';
import { ackedMore, Sender, sendMore } from './traffic';

const skip = clusterSkipReason();
const suite = skip ? describe.skip : describe;
const title = skip
  ? `cluster: three nodes behind nginx on PostgreSQL and Redis [skipped: ${skip}]`
  : 'cluster: three nodes behind nginx on PostgreSQL and Redis';

suite(title, () => {
  let cluster: Cluster;
  const people = makePeople();
  /** Pinned to node i (0-based) or through nginx. */
  const node = (i: number): Route => {
    const n = cluster.nodes[i];
    if (!n) throw new Error(`no node ${i}`);
    return { name: n.id, url: n.url };
  };
  const viaNginx = (): Route => ({ name: 'nginx', url: cluster.nginx.url });

  beforeAll(async () => {
    cluster = await startCluster(3);
  });
  afterAll(async () => {
    await people.closeAll();
    await cluster?.destroy();
  });

  /** Resolves once the device has stored a message of `conversationId` matching `match`. */
  function arrives(device: Device, conversationId: string, match: (m: Message) => boolean): Promise<void> {
    return until(
      device.client,
      async () => (await storedOn(device, conversationId)).some(match),
      `a message on ${device.name}`,
      15_000,
    );
  }
  const text = (t: string) => (m: Message) => m.content.kind === 'text' && m.content.text === t;

  it('nginx runs deploy/nginx/liao.conf: it proxies the API and keeps /metrics private', async () => {
    expect(await statusOf(`${cluster.nginx.url}/readyz`)).toBe(200);
    expect(await statusOf(`${cluster.nginx.url}/metrics`)).toBe(404);
  });

  it('delivers across nodes: one-to-one both ways to every device, and in a group of three on three nodes', async () => {
    const alice = await people.person(node(0).url, 'al');
    const bob = await people.person(node(1).url, 'bo');
    const carol = await people.person(node(2).url, 'ca');
    const direct = await people.befriend(alice, bob);
    await people.befriend(alice, carol);
    const a1 = await people.device('alice@node1', alice, node(0));
    const b1 = await people.device('bob@node2', bob, node(1));
    const b2 = await people.device('bob2@node3', bob, node(2), await people.signIn(bob, node(2).url));
    const c1 = await people.device('carol@node3', carol, node(2));

    await a1.client.sendText(direct, '在吗？');
    await Promise.all([b1, b2].map((d) => arrives(d, direct, text('在吗？'))));
    await b1.client.sendText(direct, '在，你说');
    await Promise.all([a1, b2].map((d) => arrives(d, direct, text('在，你说'))));

    const group = await alice.api.createGroup({ memberIds: [bob.id, carol.id], name: '三个节点' });
    const lines = [
      [a1, '我在一号'],
      [b1, '我在二号'],
      [c1, '我在三号'],
    ] as const;
    for (const [device, line] of lines) await device.client.sendText(group.id, line);
    for (const device of [a1, b1, b2, c1]) {
      for (const [, line] of lines) await arrives(device, group.id, text(line));
    }
    // Every device holds the same numbering: the database's, not one node's.
    const seqs = await Promise.all(
      [a1, b1, b2, c1].map(async (d) => (await storedOn(d, group.id)).map((m) => m.seq)),
    );
    for (const s of seqs) expect(s).toEqual(seqs[0]);
  });

  it('presence across nodes: a friend whose only connection is on another node is online, then offline', async () => {
    const alice = await people.person(node(0).url, 'pa');
    const bob = await people.person(node(1).url, 'pb');
    await people.befriend(alice, bob);
    const watcher = await people.device('bob@node2', bob, node(1));

    const online = watcher.client.waitForEvent('presence', (e) => e.userId === alice.id && e.online, 15_000);
    const a1 = await people.device('alice@node1', alice, node(0));
    await online;
    // Asked through a third node, which holds none of their connections.
    const thirdNode = new LiaoApi({ baseUrl: node(2).url, token: bob.token });
    expect(await thirdNode.getPresence([alice.id])).toEqual([
      { userId: alice.id, online: true, lastSeenAt: null },
    ]);
    const before = Date.now();
    const offline = watcher.client.waitForEvent(
      'presence',
      (e) => e.userId === alice.id && !e.online,
      15_000,
    );
    a1.client.disconnect();
    expect((await offline).lastSeenAt).toBeGreaterThanOrEqual(before - 1000);
    const [seen] = await thirdNode.getPresence([alice.id]);
    expect(seen).toMatchObject({ userId: alice.id, online: false, lastSeenAt: expect.any(Number) });
  });

  it('QR sign-in with the desktop on node 1 and the phone on node 2: the claim on node 2 signs the desktop in', async () => {
    const phoneOwner = await people.person(node(1).url, 'qr');
    const phone = new LiaoApi({ baseUrl: node(1).url, token: phoneOwner.token });
    const options: QrLoginOptions = {
      baseUrl: node(0).url,
      api: new LiaoApi({ baseUrl: node(1).url }),
      transport: 'bearer',
      backoff: { baseMs: 20, maxMs: 200 },
      createSocket: (url) =>
        new WebSocket(url, { headers: { 'user-agent': DESKTOP_UA } }) as unknown as ReturnType<
          NonNullable<QrLoginOptions['createSocket']>
        >,
    };
    const desktop = new QrLogin(options);
    const states: QrLoginState[] = [];
    desktop.on('state', (s) => states.push(s));
    const reached = (status: QrLoginState['status']) =>
      pollUntil(
        () => states.some((s) => s.status === status),
        `QR ${status}`,
        15_000,
        () => states.map((s) => s.status).join(' → '),
      );
    desktop.start();
    try {
      await reached('waiting');
      const waiting = states.find((s) => s.status === 'waiting');
      const code = waiting?.status === 'waiting' ? qrCodeFromText(waiting.qrUrl) : null;
      expect(code).toBeTruthy();
      expect(await phone.scanQr(code ?? '')).toMatchObject({ device: { platform: 'desktop' } });
      await reached('scanned');
      await phone.confirmQr(code ?? '');
      await reached('signedIn');
      const signedIn = states.find((s) => s.status === 'signedIn');
      const token = signedIn?.status === 'signedIn' ? signedIn.result.token : undefined;
      // The new session works on the third node too.
      expect((await new LiaoApi({ baseUrl: node(2).url, token }).getMe()).id).toBe(phoneOwner.id);
      await expect(phone.scanQr(code ?? '')).rejects.toMatchObject({ code: 'QR_TICKET_USED' });
    } finally {
      desktop.stop();
    }
  });

  it('chaos: a node killed with SIGKILL and Redis restarted mid-traffic; every acknowledged message reaches every device once, in order', async () => {
    const alice = await people.person(cluster.nginx.url, 'xa');
    const bob = await people.person(cluster.nginx.url, 'xb');
    const carol = await people.person(cluster.nginx.url, 'xc');
    const dave = await people.person(cluster.nginx.url, 'xd');
    await people.befriend(alice, bob);
    await people.befriend(alice, carol);
    const direct = await people.befriend(alice, dave);
    // Written to only while Redis is down, and never after: its messages reach the other
    // devices only through the recovery (what the nodes kept to publish once Redis is back,
    // and the sync of clients sent to reconnect because their node missed events).
    const quiet = await people.befriend(bob, carol);
    const group = (await alice.api.createGroup({ memberIds: [bob.id, carol.id] })).id;

    const a1 = await people.device('alice@node1', alice, node(0));
    const a2 = await people.device('alice2@node3', alice, node(2), await people.signIn(alice, node(2).url));
    const b1 = await people.device('bob@node2', bob, node(1));
    const b2 = await people.device('bob2@nginx', bob, viaNginx(), await people.signIn(bob, node(0).url));
    const c1 = await people.device('carol@nginx', carol, viaNginx());
    const d1 = await people.device('dave@node3', dave, node(2));
    const d2 = await people.device('dave2@node1', dave, node(0), await people.signIn(dave, node(1).url));
    const devices = [a1, a2, b1, b2, c1, d1, d2];
    const membersOf = new Map([
      [group, [a1, a2, b1, b2, c1]],
      [direct, [a1, a2, d1, d2]],
      [quiet, [b1, b2, c1]],
    ]);

    const senders = [
      new Sender(a1, [group, direct], 40),
      new Sender(b1, [group], 40),
      new Sender(c1, [group], 40),
      new Sender(d1, [direct], 40),
    ];
    const quietSender = new Sender(c1, [quiet], 0);
    try {
      for (const s of senders) s.start();
      await ackedMore(senders, 10, 20_000);

      // A node dies mid-traffic: its pinned devices move to a surviving node (as an app with
      // a list of addresses would); those that came through nginx reconnect through it.
      await cluster.nodes[0]?.crash();
      for (const d of devices) if (d.route.url === node(0).url) d.route.url = node(1).url;
      await sendMore(senders, 20);
      await ackedMore(senders, 10, 30_000);

      // Redis dies and comes back empty: no subscription, presence or ticket survives. The
      // outage lasts until the surviving nodes have noticed it (their /readyz says 503).
      await cluster.redis.kill();
      await pollUntil(
        async () => {
          const statuses = await Promise.all(cluster.nodes.slice(1).map((n) => statusOf(`${n.url}/readyz`)));
          return statuses.every((s) => s === 503);
        },
        'the nodes to report Redis gone',
        15_000,
      );
      await sendMore(senders, 20);
      for (let i = 0; i < 5; i++) await quietSender.sendOne();
      await cluster.redis.start();
      await Promise.all(cluster.nodes.slice(1).map((n) => waitReady(n.url, n.process, 30_000)));
      await ackedMore(senders, 10, 30_000);
      await sendMore(senders, 20);
    } finally {
      for (const s of senders) s.stop();
    }
    const { acked } = await expectEveryMessageOnEveryDevice(cluster, [...senders, quietSender], membersOf);
    expect(acked).toBeGreaterThan(100);

    // The killed node comes back and serves: a device on it gets a message sent through
    // node 2 live, and its own message reaches a device on node 2.
    await cluster.nodes[0]?.start();
    const c2 = await people.device('carol2@node1', carol, node(0), await people.signIn(carol, node(0).url));
    await b1.client.sendText(group, '一号回来了吗？');
    await arrives(c2, group, text('一号回来了吗？'));
    await c2.client.sendText(group, '回来了');
    await arrives(b1, group, text('回来了'));
  });
  it('rolling restart behind nginx: each node drains on SIGTERM and comes back while people send; no request through nginx fails and nothing is lost', async () => {
    const erin = await people.person(cluster.nginx.url, 're');
    const fred = await people.person(cluster.nginx.url, 'rf');
    const chat = await people.befriend(erin, fred);
    const e1 = await people.device('erin@nginx', erin, viaNginx());
    const f1 = await people.device('fred@nginx', fred, viaNginx());
    const f2 = await people.device(
      'fred2@nginx',
      fred,
      viaNginx(),
      await people.signIn(fred, cluster.nginx.url),
    );
    const senders = [new Sender(e1, [chat], 40), new Sender(f1, [chat], 40)];

    // Idempotent requests through nginx all the while: a draining node answers 503 and nginx
    // passes the request on (proxy_next_upstream), so none of these should see an error.
    const statuses = new Map<number, number>();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const res = await fetch(`${cluster.nginx.url}/api/me`, {
          headers: { authorization: `Bearer ${erin.token}` },
        }).catch(() => null);
        const status = res?.status ?? 0;
        await res?.arrayBuffer();
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      for (const s of senders) s.start();
      await ackedMore(senders, 5, 20_000);
      for (const n of cluster.nodes) {
        await n.stop();
        const restarted = Date.now();
        await n.start();
        // nginx counts the node as failed for fail_timeout after its drain: restarting the
        // next one sooner would leave nginx no node it trusts (docs/deploy.md §7).
        await pollUntil(() => cluster.nginx.servedBy(n.port, restarted), `nginx back on ${n.id}`, 30_000);
        await ackedMore(senders, 5, 30_000);
      }
    } finally {
      for (const s of senders) s.stop();
      polling = false;
      await poller;
    }
    await expectEveryMessageOnEveryDevice(cluster, senders, new Map([[chat, [e1, f1, f2]]]));
    expect(Object.fromEntries(statuses)).toEqual({ 200: expect.any(Number) });
  });
});
