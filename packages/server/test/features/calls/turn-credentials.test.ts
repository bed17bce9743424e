import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iceConfigFor } from '../../../src/features/calls/turn';
import { loadConfig } from '../../../src/platform/config';

const SECRET = 'a-secret-of-24-characters';
const USER = '01890a5d-ac96-774b-bcce-b302099a8057';
const TURN = 'turn:turn.example.com:3478?transport=udp';
const TURNS = 'turns:turn.example.com:443?transport=tcp';
const STUN = 'stun:turn.example.com:3478';
/** 2023-11-14T22:13:20.123Z: the milliseconds are dropped from the expiry. */
const NOW = 1_700_000_000_123;

function withTurn(env: Record<string, string> = {}) {
  return loadConfig({ LIAO_TURN_URLS: `${TURN}, ${TURNS},${STUN}`, LIAO_TURN_SECRET: SECRET, ...env });
}

describe('TURN credentials (coturn use-auth-secret)', () => {
  it('are <expiry>:<account> and base64(HMAC-SHA1(secret, username)), for the TURN URLs only', () => {
    // Computed outside Node: printf %s "$username" | openssl dgst -sha1 -hmac "$SECRET" -binary | base64
    expect(iceConfigFor(withTurn(), USER, NOW)).toEqual({
      iceServers: [
        { urls: [STUN] },
        { urls: [TURN, TURNS], username: `1700003600:${USER}`, credential: 'x6ingovulFnzExKdGKhYY4X5LUo=' },
      ],
      iceTransportPolicy: 'all',
    });
  });

  it('expire TTL seconds after they are minted (an hour unless set), so each mint is a new password', () => {
    const day = iceConfigFor(withTurn({ LIAO_TURN_TTL_SECONDS: '86400' }), USER, NOW).iceServers[1];
    expect(day).toMatchObject({ username: `1700086400:${USER}`, credential: 'UYC3872D3UHWNHKz9x3VxtkzmoQ=' });

    const config = withTurn();
    const first = iceConfigFor(config, USER, NOW).iceServers[1];
    const later = iceConfigFor(config, USER, NOW + 60_000).iceServers[1];
    expect(later?.username).toBe(`${1_700_000_000 + 3600 + 60}:${USER}`);
    expect(later?.credential).not.toBe(first?.credential);
    expect(later?.credential).toBe(
      createHmac('sha1', SECRET)
        .update(later?.username ?? '')
        .digest('base64'),
    );
  });

  it('ask for relay candidates only when the operator (or a test) wants no peer to see another’s address', () => {
    expect(iceConfigFor(withTurn(), USER, NOW).iceTransportPolicy).toBe('all');
    expect(iceConfigFor(withTurn({ LIAO_ICE_RELAY_ONLY: 'true' }), USER, NOW).iceTransportPolicy).toBe(
      'relay',
    );
  });

  it('are not made without a TURN server: no servers at all on a LAN, STUN alone needs no secret', () => {
    expect(iceConfigFor(loadConfig({}), USER, NOW)).toEqual({ iceServers: [], iceTransportPolicy: 'all' });
    expect(iceConfigFor(loadConfig({ LIAO_TURN_URLS: STUN }), USER, NOW)).toEqual({
      iceServers: [{ urls: [STUN] }],
      iceTransportPolicy: 'all',
    });
  });
});

describe('the TURN settings', () => {
  it('refuse a TURN server without a secret, a short secret, and a secret or relay-only without a TURN server', () => {
    expect(() => loadConfig({ LIAO_TURN_URLS: TURN })).toThrow(/LIAO_TURN_SECRET must be set/);
    expect(() => loadConfig({ LIAO_TURN_URLS: TURN, LIAO_TURN_SECRET: 'fifteen-chars!!' })).toThrow(
      /at least 16 characters/,
    );
    expect(() => loadConfig({ LIAO_TURN_URLS: STUN, LIAO_TURN_SECRET: SECRET })).toThrow(
      /names no turn: or turns: server/,
    );
    expect(() => loadConfig({ LIAO_ICE_RELAY_ONLY: 'true' })).toThrow(/no call could connect/);
    expect(() => loadConfig({ LIAO_TURN_URLS: STUN, LIAO_ICE_RELAY_ONLY: 'true' })).toThrow(
      /no call could connect/,
    );
  });

  it('refuse anything but stun:, turn: and turns: URLs as browsers take them, naming the one at fault', () => {
    for (const [url, why] of [
      ['https://turn.example.com', 'not a stun:, turn: or turns: URL'],
      ['turn:', 'not a stun:, turn: or turns: URL'],
      ['turn://turn.example.com', 'not a stun:, turn: or turns: URL'],
      ['turn:user@turn.example.com', 'not a stun:, turn: or turns: URL'],
      ['turn:turn.example.com:3478?transport=sctp', 'not a stun:, turn: or turns: URL'],
      ['turn:turn.example.com:70000', 'port out of range'],
      ['turn:turn.example.com:0', 'port out of range'],
      ['stun:turn.example.com?transport=udp', 'a stun: URL takes no transport'],
      ['turns:turn.example.com:443?transport=udp', 'turns: runs over TLS'],
    ]) {
      expect(() => loadConfig({ LIAO_TURN_URLS: `${TURN},${url}`, LIAO_TURN_SECRET: SECRET })).toThrow(
        `${url}: ${why}`,
      );
    }
    const hosts = ['turn:192.0.2.7', 'turn:[2001:db8::7]:3478', 'turns:TURN.Example.com:5349?transport=tcp'];
    expect(loadConfig({ LIAO_TURN_URLS: hosts.join(','), LIAO_TURN_SECRET: SECRET }).calls.turnUrls).toEqual(
      hosts,
    );
  });

  it('keep the lifetime between five minutes and a day', () => {
    expect(withTurn().calls.turnTtlSeconds).toBe(3600);
    for (const ttl of ['299', '86401', '1h', '-3600']) {
      expect(() => withTurn({ LIAO_TURN_TTL_SECONDS: ttl })).toThrow();
    }
    expect(withTurn({ LIAO_TURN_TTL_SECONDS: '300' }).calls.turnTtlSeconds).toBe(300);
  });

  it('and a config built by hand with TURN URLs but no secret mints nothing', () => {
    const calls = { turnUrls: [TURN], turnSecret: undefined, turnTtlSeconds: 3600, relayOnly: false };
    expect(() => iceConfigFor({ calls }, USER, NOW)).toThrow(/no credentials can be minted/);
  });
});
