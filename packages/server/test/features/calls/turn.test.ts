import { afterAll, beforeAll, expect, it } from 'vitest';
import { RTCPeerConnection } from 'werift';
import { type IceConfig, iceConfigFor } from '../../../src/features/calls/turn';
import { loadConfig } from '../../../src/platform/config';
import { type Coturn, describeWithCoturn, startCoturn } from '../../support/coturn';
import { allocate } from '../../support/turnClient';
import {
  connectPeers,
  nextMessage,
  opened,
  reachState,
  selectedCandidateTypes,
  signal,
} from '../../support/webrtc';

const DAY_MS = 24 * 60 * 60 * 1000;

describeWithCoturn('TURN: credentials minted by iceConfigFor, through a coturn of the test’s own', () => {
  let coturn: Coturn;
  beforeAll(async () => {
    coturn = await startCoturn();
  });
  afterAll(async () => {
    await coturn?.stop();
  });

  /** The settings as an operator sets them, pointing at this coturn with `secret`. */
  function configWith(secret: string) {
    return loadConfig({
      LIAO_TURN_URLS: coturn.urls.join(','),
      LIAO_TURN_SECRET: secret,
      LIAO_ICE_RELAY_ONLY: 'true',
    });
  }

  /** The TURN URL and credentials a client would be handed. */
  function turnServerOf(ice: IceConfig): { url: string; username: string; credential: string } {
    const server = ice.iceServers.find((s) => s.credential !== undefined);
    const url = server?.urls[0];
    if (!url || !server.username || !server.credential) throw new Error('no TURN server with credentials');
    return { url, username: server.username, credential: server.credential };
  }

  it('relays a data channel both ways between two relay-only peers, on relay candidates at both ends', async () => {
    const config = configWith(coturn.secret);
    const alice = new RTCPeerConnection(iceConfigFor(config, 'alice', Date.now()));
    const bob = new RTCPeerConnection(iceConfigFor(config, 'bob', Date.now()));
    try {
      const aliceChannel = alice.createDataChannel('chat');
      const bobChannelCame = bob.onDataChannel.asPromise(10_000);
      await connectPeers(alice, bob);
      const [bobChannel] = await bobChannelCame;
      if (!bobChannel) throw new Error('bob got no data channel');
      await Promise.all([opened(aliceChannel), opened(bobChannel)]);

      const toBob = nextMessage(bobChannel);
      aliceChannel.send('你好, from alice');
      expect(await toBob).toBe('你好, from alice');
      const toAlice = nextMessage(aliceChannel);
      bobChannel.send('hi, from bob');
      expect(await toAlice).toBe('hi, from bob');

      // Each side's selected pair is its own relay and the other's: nothing went host to host.
      expect(await selectedCandidateTypes(alice)).toEqual({ local: 'relay', remote: 'relay' });
      expect(await selectedCandidateTypes(bob)).toEqual({ local: 'relay', remote: 'relay' });
    } catch (error) {
      throw new Error(`${String(error)}\ncoturn said:\n${coturn.output().slice(-3000)}`, { cause: error });
    } finally {
      await Promise.all([alice.close(), bob.close()]);
    }
  });

  it('grants an allocation to fresh credentials, and answers 401 to expired ones and to a wrong secret', async () => {
    const config = configWith(coturn.secret);
    const fresh = turnServerOf(iceConfigFor(config, 'carol', Date.now()));
    expect(await allocate(fresh.url, fresh.username, fresh.credential)).toMatchObject({ ok: true });

    // Signed with the right secret: only the expiry, a day before now, can refuse it.
    const expired = turnServerOf(iceConfigFor(config, 'carol', Date.now() - DAY_MS));
    expect(await allocate(expired.url, expired.username, expired.credential)).toMatchObject({
      ok: false,
      code: 401,
    });

    const forged = turnServerOf(
      iceConfigFor(configWith('not-the-secret-of-this-coturn'), 'carol', Date.now()),
    );
    expect(await allocate(forged.url, forged.username, forged.credential)).toMatchObject({
      ok: false,
      code: 401,
    });
  });

  it('gives relay-only peers with refused credentials no candidate at all, and their connection fails', async () => {
    const config = configWith(coturn.secret);
    const refused = [
      iceConfigFor(config, 'dave', Date.now() - DAY_MS),
      iceConfigFor(configWith('not-the-secret-of-this-coturn'), 'erin', Date.now()),
    ];
    const pairs = refused.map((ice, i) => ({
      refused: new RTCPeerConnection(ice),
      // A peer whose own credentials are good: the refused one still has nothing to pair with.
      other: new RTCPeerConnection(iceConfigFor(config, `frank-${i}`, Date.now())),
      candidates: [] as string[],
    }));
    try {
      await Promise.all(
        pairs.map(async ({ refused, other, candidates }) => {
          refused.onIceCandidate.subscribe((c) => {
            if (c) candidates.push(c.candidate);
          });
          refused.createDataChannel('chat');
          const failed = Promise.all([
            reachState(refused, 'failed', 15_000),
            reachState(other, 'failed', 15_000),
          ]);
          // werift does not surface the 401: it drops the refusal (unsigned by the key it tried)
          // and resends until its STUN retransmissions run out, about 6.4 s (this coturn has no
          // TCP for its fallback), then ends gathering with nothing. The offer waits for that;
          // after the answer the connection fails at once, having no pair to check.
          await signal(refused, other);
          await failed;
        }),
      );
      // Relay-only: no host candidate stood in for the refused relay.
      expect(pairs.map((p) => p.candidates)).toEqual([[], []]);
    } finally {
      await Promise.all(pairs.flatMap((p) => [p.refused.close(), p.other.close()]));
    }
  }, 20_000);
});
