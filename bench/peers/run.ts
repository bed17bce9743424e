import { parseArgs } from 'node:util';
import {
  measureXmppDirect,
  measureXmppFanout,
  measureXmppIdle,
  startEjabberd,
  startProsody,
  type XmppPeer,
} from './index';

const MEASURES = ['direct', 'fanout', 'idle'] as const;
type Measure = (typeof MEASURES)[number];

/**
 * Measures one peer alone, e.g.
 * `npx tsx bench/peers/run.ts --peer ejabberd --mam --rates 1000,2000 --seconds 15`.
 * `--only direct` (or fanout, idle; repeatable) picks the measures; all three by default.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      peer: { type: 'string' },
      mam: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      pairs: { type: 'string', default: '200' },
      rates: { type: 'string', default: '1000,2000,5000,10000,15000,20000' },
      seconds: { type: 'string', default: '15' },
      'warmup-rate': { type: 'string' },
      'warmup-seconds': { type: 'string', default: '5' },
      members: { type: 'string', default: '500' },
      'fanout-intervals': { type: 'string', default: '100,50,20,10,5,2' },
      connections: { type: 'string', default: '5000' },
    },
  });
  const only = new Set((values.only ?? [...MEASURES]) as Measure[]);
  for (const m of only)
    if (!MEASURES.includes(m)) throw new Error(`--only ${m}: expected one of ${MEASURES.join(', ')}`);
  const seconds = Number(values.seconds);
  const peer = await startPeer(values.peer, values.mam);
  console.log(
    `${peer.name} ${peer.version}${peer.archiving ? ' (mod_mam, every message stored)' : ''} on ${peer.host}:${peer.port}, pid ${peer.pid}, RSS ${mib(peer.rssBytes())} MiB`,
  );
  const results: Record<string, unknown> = {};
  try {
    if (only.has('direct')) {
      console.log(`one-to-one throughput: ${values.pairs} pairs…`);
      const warmupRate = values['warmup-rate'];
      results.directThroughput = await measureXmppDirect(
        peer,
        Number(values.pairs),
        numbers(values.rates),
        seconds,
        {
          ...(warmupRate
            ? { warmup: { rate: Number(warmupRate), seconds: Number(values['warmup-seconds']) } }
            : {}),
        },
      );
    }
    if (only.has('fanout')) {
      console.log(`group fan-out: ${values.members} members…`);
      results.groupFanout = await measureXmppFanout(
        peer,
        Number(values.members),
        numbers(values['fanout-intervals']),
        seconds,
      );
    }
    if (only.has('idle')) {
      console.log(`memory per idle connection: ${values.connections}…`);
      const idle = await measureXmppIdle(peer, Number(values.connections));
      results.idleConnections = idle;
      console.log(
        `  ${idle.kibPerConnection} KiB per connection (RSS ${idle.rssBeforeMiB} → ${idle.rssAfterMiB} MiB; connected in ${idle.connectSeconds} s)`,
      );
    }
  } finally {
    await peer.stop();
  }
  console.log(
    JSON.stringify(
      { peer: { name: peer.name, version: peer.version, archiving: peer.archiving }, results },
      null,
      2,
    ),
  );
}

function startPeer(name: string | undefined, mam: boolean | undefined): Promise<XmppPeer> {
  if (name === 'ejabberd') return startEjabberd({ mam: mam === true });
  if (mam) throw new Error('--mam is for ejabberd only');
  if (name === 'prosody') return startProsody();
  throw new Error('--peer ejabberd or --peer prosody');
}

function numbers(list: string | undefined): number[] {
  return (list ?? '').split(',').filter(Boolean).map(Number);
}

function mib(bytes: number): number {
  return Math.round(bytes / 2 ** 20);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
