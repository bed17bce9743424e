import { createHmac } from 'node:crypto';
import type { CallJoined, IceServer } from '@liao/protocol';
import type { CallsConfig } from '../../platform/config';

/** What a client passes to `new RTCPeerConnection()` for a call (the ICE part of CallJoined). */
export type IceConfig = Pick<CallJoined, 'iceServers' | 'iceTransportPolicy'>;

type TurnSettings = Pick<CallsConfig, 'turnUrls' | 'turnSecret' | 'turnTtlSeconds' | 'relayOnly'>;

/**
 * The ICE servers and policy for `userId`'s next call, with TURN credentials minted now.
 *
 * coturn's REST API scheme (`use-auth-secret`): the username is `<expiry>:<userId>`, the
 * password base64(HMAC-SHA1(static-auth-secret, username)). coturn recomputes the password
 * from the username, so it needs no list of our accounts, and what a browser holds stops
 * opening allocations at the expiry. The account in the username lets coturn's `user-quota`
 * and its logs count per person.
 *
 * What the expiry bounds, read in coturn 4.6.1 (Debian's): it is checked in get_user_key
 * (src/apps/relay/userdb.c) when a client session first authenticates, i.e. its Allocate;
 * the derived key is then kept for the session (check_stun_auth in
 * src/server/ns_turn_server.c asks again only while none is set), and REST credentials set no
 * session time limit. So Refresh, CreatePermission and ChannelBind of a running allocation
 * are not refused once the expiry passes: a call longer than the TTL keeps its relay for as
 * long as the client refreshes it. A new allocation (an ICE restart after a network change,
 * which gathers again) needs credentials minted again: ask for a fresh IceConfig first.
 *
 * No TURN server configured: no credentials are made, and with no server at all the list is
 * empty (the devices' own addresses, which a LAN needs).
 */
export function iceConfigFor(config: { calls: TurnSettings }, userId: string, nowMs: number): IceConfig {
  const { turnUrls, turnSecret, turnTtlSeconds, relayOnly } = config.calls;
  const stun = turnUrls.filter((url) => !isTurnUrl(url));
  const turn = turnUrls.filter(isTurnUrl);
  const iceServers: IceServer[] = [];
  if (stun.length > 0) iceServers.push({ urls: stun });
  if (turn.length > 0) {
    // loadConfig refuses TURN URLs without a secret; a hand-built config must not slip through.
    if (!turnSecret) throw new Error('TURN URLs without a TURN secret: no credentials can be minted');
    const username = `${Math.floor(nowMs / 1000) + turnTtlSeconds}:${userId}`;
    iceServers.push({ urls: turn, username, credential: turnPassword(turnSecret, username) });
  }
  return { iceServers, iceTransportPolicy: relayOnly ? 'relay' : 'all' };
}

/** The password coturn expects for a REST API username. */
function turnPassword(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

function isTurnUrl(url: string): boolean {
  return /^turns?:/i.test(url);
}
