import type { LiaoClient, LocalStore } from '@liao/client';
import type { Message } from '@liao/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';
import {
  type ControlledSockets,
  makeSyncFixtures,
  nextSynced,
  oneTo,
  type SyncUser,
  serverHistory,
  storedMessages,
} from '../../support/sync-fixtures';

/**
 * Replay a failure with the seed (and path) that fast-check prints:
 * LIAO_PROPERTY_SEED=… LIAO_PROPERTY_PATH=… npx vitest run packages/server/test/property.test.ts
 * Shrinking restarts users and devices for every try, so it is off unless LIAO_PROPERTY_SHRINK=1.
 */
const SEED = Number(process.env.LIAO_PROPERTY_SEED ?? 20_240_611);
const PATH = process.env.LIAO_PROPERTY_PATH;
const RUNS = Number(process.env.LIAO_PROPERTY_RUNS ?? 20);
const SHRINK = process.env.LIAO_PROPERTY_SHRINK === '1';

/** Sync replies this small come `limited` often, so the devices must find and fill holes. */
const SYNC_LIMIT = 2;
/** Devices: A has two, B and C one each. */
const OWNERS = [0, 0, 1, 2] as const;
/** Conversations AB, AC, BC and the group ABC; each user's three. */
const CONVERSATIONS_OF = [
  [0, 1, 3],
  [0, 2, 3],
  [1, 2, 3],
] as const;

type Command =
  | { kind: 'send'; device: number; conversation: 0 | 1 | 2; count: number }
  | { kind: 'resend'; device: number; pick: number }
  | { kind: 'cut'; device: number }
  | { kind: 'offline'; device: number }
  | { kind: 'online'; device: number }
  | { kind: 'drop'; device: number; count: number }
  | { kind: 'reload'; device: number }
  | { kind: 'settle' };

const device = fc.integer({ min: 0, max: OWNERS.length - 1 });
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      device,
      conversation: fc.constantFrom(0 as const, 1 as const, 2 as const),
      count: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('resend' as const), device, pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cut' as const), device }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('offline' as const), device }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('online' as const), device }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('drop' as const),
      device,
      count: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reload' as const), device }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'settle' as const }) },
);

interface Device {
  client: LiaoClient;
  sockets: ControlledSockets;
  store: LocalStore;
  token: string;
  /** message.new events still to swallow. */
  toDrop: number;
}

/** A sync after everything was sent, and every hole filled; a link that drops meanwhile is waited for. */
async function catchUp(client: LiaoClient): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await client.waitForState('open', 10_000);
      await client.syncNow();
      await client.fillGaps();
      await client.whenSynced();
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'NETWORK' || attempt >= 5) throw error;
    }
  }
}

describeEachStore('SDK sync property: every device ends with the server’s gap-free history', (storeKind) => {
  let t: TestServer;
  const f = makeSyncFixtures(() => t.url);
  beforeAll(async () => {
    t = await startTestServer(storeKind);
  });
  afterAll(async () => {
    f.closeAll();
    await t.destroy();
  });

  function open(token: string, store?: LocalStore, toDrop = 0): Device {
    const made = f.device(token, {
      sync: { fillGaps: true, limit: SYNC_LIMIT },
      ...(store ? { store } : {}),
    });
    const d: Device = { ...made, token, toDrop };
    made.sockets.drop = (frame) => {
      if (d.toDrop <= 0 || frame.type !== 'event' || frame.event.type !== 'message.new') return false;
      d.toDrop--;
      return true;
    };
    return d;
  }

  async function run(commands: Command[]): Promise<void> {
    const users: SyncUser[] = [await f.makeUser('pa'), await f.makeUser('pb'), await f.makeUser('pc')];
    const [a, b, c] = users as [SyncUser, SyncUser, SyncUser];
    const conversationIds = [await f.befriend(a, b), await f.befriend(a, c), await f.befriend(b, c)];
    const group = await a.api.api.createGroup({ memberIds: [b.id, c.id], name: '周末爬山' });
    conversationIds.push(group.id);
    const tokens = [a.token, await f.signIn(a), b.token, c.token];
    const devices = tokens.map((token) => open(token));
    await Promise.all(
      devices.map(async (d) => {
        const synced = nextSynced(d.client);
        await d.client.connect();
        await synced;
      }),
    );
    const sentTo = [0, 0, 0, 0];
    // What each conversation held before the commands: greeting and system line, or the group's first line.
    const initial = conversationIds.map(
      (id) => (devices[0] as Device).client.getConversation(id)?.lastSeq ?? 0,
    );
    initial[2] = (devices[2] as Device).client.getConversation(conversationIds[2] as string)?.lastSeq ?? 0;
    const acks: { device: number; message: Message }[] = [];
    const listen = (i: number, d: Device) => {
      d.client.on('sent', ({ message }) => {
        acks.push({ device: i, message });
      });
    };
    for (const [i, d] of devices.entries()) listen(i, d);

    for (const cmd of commands) {
      if (cmd.kind === 'settle') {
        await Promise.all(devices.filter((d) => !d.sockets.offline).map((d) => d.client.whenSent()));
        continue;
      }
      const d = devices[cmd.device] as Device;
      const user = OWNERS[cmd.device] as number;
      switch (cmd.kind) {
        case 'send': {
          const conversation = (CONVERSATIONS_OF[user] as readonly number[])[cmd.conversation] as number;
          for (const n of oneTo(cmd.count)) {
            await d.client.sendText(conversationIds[conversation] as string, `d${cmd.device} n${n} 你好`);
            sentTo[conversation] = (sentTo[conversation] ?? 0) + 1;
          }
          break;
        }
        case 'resend': {
          // The same client id and content again: the first ack comes back, nothing new is stored.
          const own = acks.filter((x) => OWNERS[x.device] === user);
          const original = own[cmd.pick % Math.max(1, own.length)]?.message;
          if (!original || d.client.connectionState !== 'open') break;
          const again = await d.client
            .request('message.send', {
              conversationId: original.conversationId,
              clientId: original.clientId as string,
              content: original.content as { kind: 'text'; text: string },
            })
            .catch((error: { code?: string }) => {
              if (error.code === 'NETWORK') return null;
              throw error;
            });
          if (again) expect(again.message).toEqual(original);
          break;
        }
        case 'cut':
          await d.sockets.cut();
          break;
        case 'offline':
          d.sockets.offline = true;
          await d.sockets.cut();
          break;
        case 'online':
          d.sockets.offline = false;
          break;
        case 'drop':
          d.toDrop += cmd.count;
          break;
        case 'reload': {
          // The app restarts on the same store: a new client must send what the last one left.
          await d.client.shutdown();
          const next = open(d.token, d.store, d.toDrop);
          next.sockets.offline = d.sockets.offline;
          devices[cmd.device] = next;
          listen(cmd.device, next);
          if (!next.sockets.offline) await next.client.connect();
          else void next.client.connect().catch(() => {});
          break;
        }
      }
    }

    // Everyone back online, every send delivered, one more sync (a lost last event shows no
    // jump until then), every hole filled.
    for (const d of devices) {
      d.sockets.offline = false;
      d.toDrop = 0;
      if (d.client.connectionState === 'closed' || d.client.connectionState === 'idle')
        void d.client.connect();
    }
    for (const d of devices) {
      await d.client.waitForState('open', 10_000);
      await d.client.whenSent();
    }
    for (const d of devices) await catchUp(d.client);

    const reader = await f.connected(a.token);
    const readerC = await f.connected(c.token);
    const truth = [
      await serverHistory(reader, conversationIds[0] as string),
      await serverHistory(reader, conversationIds[1] as string),
      await serverHistory(readerC, conversationIds[2] as string),
      await serverHistory(reader, conversationIds[3] as string),
    ];
    reader.disconnect();
    readerC.disconnect();
    truth.forEach((history, i) => {
      // 1…N with no gap, and every sendText stored exactly once.
      expect(history.map((m) => m.seq)).toEqual(oneTo((initial[i] as number) + (sentTo[i] as number)));
    });
    for (const [i, d] of devices.entries()) {
      expect(d.client.getOutbox()).toEqual([]);
      for (const conversation of CONVERSATIONS_OF[OWNERS[i] as number] as readonly number[]) {
        const id = conversationIds[conversation] as string;
        expect(await storedMessages(d.client, id), `device ${i}, conversation ${conversation}`).toEqual(
          truth[conversation],
        );
        expect(d.client.getConversation(id)?.lastSeq).toBe(truth[conversation]?.length);
      }
    }
    for (const d of devices) await d.client.shutdown();
  }

  it(`[SYNC property] random sends, resends, drops, lost events and reloads on 4 devices of 3 users in one-to-one chats and a group (seed ${SEED}, ${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 4, maxLength: 25 }), async (commands) => {
        await run(commands);
      }),
      { numRuns: RUNS, seed: SEED, ...(PATH ? { path: PATH } : {}), endOnFailure: !SHRINK },
    );
  }, 120_000);
});
