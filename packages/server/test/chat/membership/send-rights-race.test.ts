import type { LiaoClient } from '@liao/client';
import { LiaoError } from '@liao/client';
import type { Message } from '@liao/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageWriter } from '../../../src/chat/messages/writer';
import { fullHistory, newClientId } from '../../support/chat-fixtures';
import { makeGroupOf, makePeople, type Person } from '../../support/conversation-fixtures';
import { describeEachStore, startTestServer, type TestServer } from '../../support/harness';

/** Sends kept in flight on the one socket while the change lands. */
const IN_FLIGHT = 64;
/** A bound on the sends of one race, should the change never stop them. */
const MAX_SENDS = 5000;

/** Each send's outcome: the stored message's client id, or the refusal's code. */
type Outcome = { ok: true; clientId: string } | { ok: false; code: string };

/**
 * Keeps IN_FLIGHT sends pipelined on the sender's socket (a new one as each settles), runs
 * `change` once the first is acknowledged, and stops once a send made after the change
 * returned has been answered: whenever the change commits, sends are between their first
 * check and their commit.
 */
async function raceSends(
  client: LiaoClient,
  conversationId: string,
  change: () => Promise<unknown>,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let changed: Promise<unknown> | undefined;
  let changeReturned = false;
  let launched = 0;
  let inFlight = 0;
  let stopping = false;
  return new Promise((resolve, reject) => {
    const launch = (): void => {
      if (launched >= MAX_SENDS) return;
      const afterChange = changeReturned;
      const clientId = newClientId();
      launched++;
      inFlight++;
      client
        .request('message.send', {
          conversationId,
          clientId,
          content: { kind: 'text', text: `race ${launched}` },
        })
        .then(
          () => {
            outcomes.push({ ok: true, clientId });
            changed ??= change().then(() => {
              changeReturned = true;
            });
            changed.catch(reject);
          },
          (error: unknown) => {
            if (!(error instanceof LiaoError)) throw error;
            outcomes.push({ ok: false, code: error.code });
          },
        )
        .then(() => {
          inFlight--;
          if (afterChange) stopping = true;
          if (stopping || launched >= MAX_SENDS) {
            if (inFlight === 0) resolve(outcomes);
            return;
          }
          launch();
        })
        .catch(reject);
    };
    for (let i = 0; i < IN_FLIGHT; i++) launch();
  });
}

/**
 * What every race must leave: each acknowledged send stored once, each other send refused with
 * the change's code, and, where the change writes a line, no message of the sender after it.
 */
function expectRaceSettled(
  outcomes: Outcome[],
  history: Message[],
  senderId: string,
  refusal: string,
  line?: string,
): void {
  const codes = new Set(outcomes.flatMap((o) => (o.ok ? [] : [o.code])));
  expect([...codes].filter((code) => code !== refusal)).toEqual([]);
  const storedIds = history.filter((m) => m.senderId === senderId && m.clientId).map((m) => m.clientId);
  const acked = outcomes.flatMap((o) => (o.ok ? [o.clientId] : []));
  // The race happened: some sends got in before the change, some were refused after it.
  expect(acked.length).toBeGreaterThan(0);
  expect(outcomes.length).toBeGreaterThan(acked.length);
  expect(storedIds.sort()).toEqual(acked.sort());
  if (!line) return;
  const lineSeq = history.find((m) => m.content.kind === 'system' && m.content.event.type === line)?.seq;
  expect(lineSeq).toBeDefined();
  const after = history.filter(
    (m) => m.senderId === senderId && m.content.kind !== 'system' && m.seq > (lineSeq ?? 0),
  );
  expect(after.map((m) => m.seq)).toEqual([]);
}

describeEachStore('A message is stored only while its sender may still send [MSG-RIGHTS]', (store) => {
  let t: TestServer;
  const people = makePeople(() => t);

  beforeAll(async () => {
    t = await startTestServer(store);
  });
  afterAll(async () => {
    people.closeAll();
    await t.destroy();
  });

  async function directPair(): Promise<{ a: Person; b: Person; conversationId: string }> {
    const [a, b] = await people.crowd(2);
    await people.befriend(a!, b!);
    const conversationId = await a!.client.api.openDirect(b!.id);
    return { a: a!, b: b!, conversationId };
  }

  describe('sends pipelined on one socket race the change', () => {
    it('the owner dissolves the group: nothing of the member follows 群已解散', async () => {
      const { owner, members, conversationId } = await makeGroupOf(people, 2);
      const sender = members[0]!;
      const outcomes = await raceSends(sender.client, conversationId, () =>
        owner.client.api.dissolveGroup(conversationId),
      );
      const history = await fullHistory(owner.client, conversationId);
      expectRaceSettled(outcomes, history, sender.id, 'GROUP_DISSOLVED', 'group.dissolved');
    });

    it('the owner removes the member: nothing of theirs follows the removal line', async () => {
      const { owner, members, conversationId } = await makeGroupOf(people, 2);
      const sender = members[0]!;
      const outcomes = await raceSends(sender.client, conversationId, () =>
        owner.client.api.removeMember(conversationId, sender.id),
      );
      const history = await fullHistory(owner.client, conversationId);
      expectRaceSettled(outcomes, history, sender.id, 'CONVERSATION_NOT_FOUND', 'member.removed');
    });

    it('the member leaves from another device: nothing of theirs follows the leaving line', async () => {
      const { owner, members, conversationId } = await makeGroupOf(people, 2);
      const sender = members[0]!;
      const otherDevice = await people.device(sender);
      const outcomes = await raceSends(sender.client, conversationId, () =>
        otherDevice.api.leaveGroup(conversationId),
      );
      const history = await fullHistory(owner.client, conversationId);
      expectRaceSettled(outcomes, history, sender.id, 'CONVERSATION_NOT_FOUND', 'member.left');
    });

    it('the friend blocks the sender: every send is stored or refused, none lost', async () => {
      const { a, b, conversationId } = await directPair();
      const outcomes = await raceSends(a.client, conversationId, () => b.client.api.block(a.id));
      expectRaceSettled(outcomes, await fullHistory(a.client, conversationId), a.id, 'MESSAGE_REFUSED');
    });

    it('the friend unfriends the sender: every send is stored or refused, none lost', async () => {
      const { a, b, conversationId } = await directPair();
      const outcomes = await raceSends(a.client, conversationId, () => b.client.api.deleteFriend(a.id));
      expectRaceSettled(outcomes, await fullHistory(a.client, conversationId), a.id, 'NOT_FRIENDS');
    });
  });

  describe('the writer judges the right again in the transaction that numbers the message', () => {
    /** A send handed straight to a writer of its own, past the checks made before the queue. */
    async function writeDirectly(conversationId: string, senderId: string): Promise<string> {
      const writer = new MessageWriter(t.server.ctx.store, t.clock.now);
      try {
        await writer.submit({
          senderId,
          conversationId,
          clientId: newClientId(),
          content: { kind: 'text', text: 'too late' },
        });
        return 'stored';
      } catch (error) {
        return (error as { code?: string }).code ?? String(error);
      } finally {
        await writer.close();
      }
    }

    it('refuses a member of a dissolved group, a removed member and one who left', async () => {
      const dissolved = await makeGroupOf(people, 2);
      await dissolved.owner.client.api.dissolveGroup(dissolved.conversationId);
      expect(await writeDirectly(dissolved.conversationId, dissolved.members[0]!.id)).toBe('GROUP_DISSOLVED');

      const group = await makeGroupOf(people, 2);
      const [removed, leaver] = group.members;
      await group.owner.client.api.removeMember(group.conversationId, removed!.id);
      await leaver!.client.api.leaveGroup(group.conversationId);
      expect(await writeDirectly(group.conversationId, removed!.id)).toBe('CONVERSATION_NOT_FOUND');
      expect(await writeDirectly(group.conversationId, leaver!.id)).toBe('CONVERSATION_NOT_FOUND');
      expect(await writeDirectly(group.conversationId, group.owner.id)).toBe('stored');
    });

    it('refuses a stranger, someone blocked and a former friend in a one-to-one chat', async () => {
      const blocked = await directPair();
      expect(await writeDirectly(blocked.conversationId, blocked.a.id)).toBe('stored');
      await blocked.b.client.api.block(blocked.a.id);
      expect(await writeDirectly(blocked.conversationId, blocked.a.id)).toBe('MESSAGE_REFUSED');
      expect(await writeDirectly(blocked.conversationId, blocked.b.id)).toBe('stored');

      const unfriended = await directPair();
      await unfriended.b.client.api.deleteFriend(unfriended.a.id);
      expect(await writeDirectly(unfriended.conversationId, unfriended.a.id)).toBe('NOT_FRIENDS');

      const stranger = await people.person();
      expect(await writeDirectly(unfriended.conversationId, stranger.id)).toBe('CONVERSATION_NOT_FOUND');
    });

    it('stores the allowed sends of a batch and refuses only the others', async () => {
      const group = await makeGroupOf(people, 2);
      const [kept, removed] = group.members;
      await group.owner.client.api.removeMember(group.conversationId, removed!.id);
      const writer = new MessageWriter(t.server.ctx.store, t.clock.now);
      const submit = (senderId: string) =>
        writer
          .submit({
            senderId,
            conversationId: group.conversationId,
            clientId: newClientId(),
            content: { kind: 'text', text: 'batch' },
          })
          .then(
            (outcome) => outcome.row.seq,
            (error: { code?: string }) => error.code,
          );
      // Submitted in one turn of the event loop: one batch, one transaction.
      const results = await Promise.all([submit(kept!.id), submit(removed!.id), submit(group.owner.id)]);
      await writer.close();
      expect(results[1]).toBe('CONVERSATION_NOT_FOUND');
      expect(typeof results[0]).toBe('number');
      expect(results[2]).toBe((results[0] as number) + 1);
    });
  });
});
