import { parseArgs } from 'node:util';
import { measureDirectThroughput } from '../src/scenarios/directThroughput';
import { measureGroupFanout } from '../src/scenarios/groupFanout';
import { relayFanoutGroup, relayPairs, relayUsers, startRelayProcess } from './setup';

/**
 * The bare relay alone, through the same scenarios as Liao's benchmark:
 *   npx tsx bench/limits/run.ts --pairs 200 --rates 2000,5000,10000 --seconds 15
 *   npx tsx bench/limits/run.ts --fanout 500 --intervals 10,5,2 --seconds 15
 * One-to-one runs unless only --fanout is given; fan-out runs when --fanout is given.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string' },
      rates: { type: 'string', default: '2000,5000,10000' },
      seconds: { type: 'string', default: '15' },
      fanout: { type: 'string' },
      intervals: { type: 'string', default: '10,5,2' },
    },
  });
  const list = (value: string) => value.split(',').map(Number);
  const seconds = Number(values.seconds);
  const relay = await startRelayProcess();
  console.log(`relay ${relay.url} (pid ${relay.pid}), data ${relay.dbFile}`);
  try {
    if (values.pairs !== undefined || values.fanout === undefined) {
      const count = Number(values.pairs ?? '200');
      console.log(`one-to-one throughput: ${count} pairs…`);
      const pairs = await relayPairs(relay.url, count);
      const direct = await measureDirectThroughput(relay.url, pairs, list(values.rates), seconds);
      console.log(
        `best rate with p99 < 100 ms and nothing lost: ${direct.bestRate ?? 'none'}/s; peak delivered ${direct.peakDelivered}/s; relay RSS ${mib(relay.rssBytes())} MiB`,
      );
    }
    if (values.fanout !== undefined) {
      const size = Number(values.fanout);
      console.log(`group fan-out: ${size} members…`);
      const [owner, ...members] = relayUsers(size);
      if (!owner) throw new Error('--fanout needs at least one member');
      const group = await relayFanoutGroup(relay.url, owner, members);
      const fanout = await measureGroupFanout(
        relay.url,
        owner,
        members,
        group,
        list(values.intervals),
        seconds,
      );
      console.log(
        `best deliveries/s with p99 < 100 ms: ${fanout.bestDeliveriesPerSecond}; relay RSS ${mib(relay.rssBytes())} MiB`,
      );
    }
  } finally {
    await relay.stop();
  }
}

function mib(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}

await main();
