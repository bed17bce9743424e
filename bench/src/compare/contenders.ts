import { relayFanoutGroup, relayPairs, relayUsers, startRelayProcess } from '../../limits/setup';
import {
  measureXmppDirect,
  measureXmppFanout,
  measureXmppIdle,
  startEjabberd,
  startProsody,
  type XmppPeer,
} from '../../peers';
import { makePairs } from '../pairs';
import { type DirectThroughputResult, measureDirectThroughput } from '../scenarios/directThroughput';
import { type FanoutResult, makeFanoutGroup, measureGroupFanout } from '../scenarios/groupFanout';
import { type IdleConnectionsResult, measureIdleConnections } from '../scenarios/idleConnections';
import { startServerProcess } from '../serverProcess';
import { type BenchUser, registerUsers } from '../users';

/** A run's warm-up: one unmeasured step first, as fresh servers warm up (JIT, pools, caches). */
export interface Warmup {
  seconds: number;
}

/** A system under test, started and set up: each call opens its own sockets. */
export interface Running {
  /** Resident memory of the system's process(es), in bytes. */
  rssBytes(): number;
  /** One-to-one: `pairs` senders at a share of each offered rate; `tag` keeps runs apart. */
  direct(rates: number[], seconds: number, tag: string, warmup?: Warmup): Promise<DirectThroughputResult>;
  /** One group, all online: the owner posts at each pace (ms between messages). */
  fanout(intervalsMs: number[], seconds: number, warmup?: Warmup): Promise<FanoutResult>;
  /** Memory per idle signed-in connection; absent where the system has no such measure. */
  idle?(connections: number): Promise<IdleConnectionsResult>;
  stop(): Promise<void>;
}

/** One of the systems a comparison measures side by side. */
export interface Contender {
  name: string;
  /** What it does with a message before it answers: the figures mean little without it. */
  storage: string;
  /** Starts a fresh instance, with `pairs` one-to-one chats and a group of `members`. */
  start(shape: { pairs: number; members: number }): Promise<Running>;
}

/** Liao's built server on its embedded default: SQLite, group commit, a full fsync before the ack. */
export const liao: Contender = {
  name: 'Liao',
  storage: 'stored (SQLite, full fsync before the ack)',
  async start({ pairs: pairCount, members: memberCount }) {
    const server = await startServerProcess();
    try {
      const pairs = await makePairs(await registerUsers(server.url, pairCount * 2, 'pair'));
      const [owner] = await registerUsers(server.url, 1, 'owner');
      const members = await registerUsers(server.url, memberCount - 1, 'member');
      const group = await makeFanoutGroup(server.url, owner as BenchUser, members);
      // Idle sockets are spread over a few accounts, as devices are (the cap is lifted for it).
      const idleUsers = await registerUsers(server.url, 20, 'idle');
      return {
        rssBytes: () => server.rssBytes(),
        idle: (connections) => measureIdleConnections(server, idleUsers, connections),
        direct: (rates, seconds, tag, warmup) =>
          measureDirectThroughput(server.url, pairs, rates, seconds, {
            tag,
            ...(warmup ? { warmup: { rate: rates[0] ?? 1000, seconds: warmup.seconds } } : {}),
          }),
        fanout: (intervals, seconds, warmup) =>
          measureGroupFanout(server.url, owner as BenchUser, members, group, intervals, seconds, {
            ...(warmup ? { warmup: { intervalMs: intervals[0] ?? 100, seconds: warmup.seconds } } : {}),
          }),
        stop: () => server.stop(),
      };
    } catch (error) {
      await server.stop();
      throw error;
    }
  },
};

/** The ceiling: ws, JSON and SQLite group commit with an ack after the commit, nothing else. */
export const bareRelay: Contender = {
  name: 'bare relay',
  storage: 'stored (SQLite, full fsync before the ack)',
  async start({ pairs: pairCount, members: memberCount }) {
    const relay = await startRelayProcess();
    try {
      const pairs = await relayPairs(relay.url, pairCount);
      const [owner, ...members] = relayUsers(memberCount);
      if (!owner) throw new Error('a group needs an owner');
      const group = await relayFanoutGroup(relay.url, owner, members);
      return {
        rssBytes: () => relay.rssBytes(),
        direct: (rates, seconds, tag, warmup) =>
          measureDirectThroughput(relay.url, pairs, rates, seconds, {
            tag,
            ...(warmup ? { warmup: { rate: rates[0] ?? 1000, seconds: warmup.seconds } } : {}),
          }),
        fanout: (intervals, seconds, warmup) =>
          measureGroupFanout(relay.url, owner, members, group, intervals, seconds, {
            ...(warmup ? { warmup: { intervalMs: intervals[0] ?? 100, seconds: warmup.seconds } } : {}),
          }),
        stop: () => relay.stop(),
      };
    } catch (error) {
      await relay.stop();
      throw error;
    }
  },
};

/**
 * A peer over XMPP, started from the configuration kept in bench/peers/. Each measure registers
 * its own accounts (and room) in-band, so the shape is passed along rather than set up here.
 */
function xmppContender(name: string, storage: string, start: () => Promise<XmppPeer>): Contender {
  return {
    name,
    storage,
    async start({ pairs, members }) {
      const peer = await start();
      return {
        rssBytes: () => peer.rssBytes(),
        idle: (connections) => measureXmppIdle(peer, connections),
        direct: (rates, seconds, tag, warmup) =>
          measureXmppDirect(peer, pairs, rates, seconds, {
            tag,
            ...(warmup ? { warmup: { rate: rates[0] ?? 1000, seconds: warmup.seconds } } : {}),
          }),
        fanout: (intervals, seconds, warmup) =>
          measureXmppFanout(peer, members, intervals, seconds, {
            ...(warmup ? { warmup: { intervalMs: intervals[0] ?? 100, seconds: warmup.seconds } } : {}),
          }),
        stop: () => peer.stop(),
      };
    },
  };
}

/** Debian's ejabberd and Prosody, as the issue measured them: not storing, and ejabberd storing too. */
export const peers: Contender[] = [
  xmppContender('ejabberd', 'not stored (offline storage only)', () => startEjabberd()),
  xmppContender('ejabberd + mod_mam', 'stored (mod_mam, Mnesia, every message)', () =>
    startEjabberd({ mam: true }),
  ),
  xmppContender('Prosody', 'not stored (offline storage only)', () => startProsody()),
];
