import { describe, expect, it } from 'vitest';
import { categorise } from './categories';
import { summarizeProfile } from './summarize';

const frame = (functionName: string, url = '') => ({ functionName, url });
const nm = (pkg: string, fn = 'f') => frame(fn, `file:///w/node_modules/${pkg}/lib/x.js`);
const src = (file: string, fn = 'f') => frame(fn, `file:///w/packages/server/src/${file}`);

describe('categorise', () => {
  it('puts a sample where its stack says, innermost first', () => {
    expect(categorise([nm('better-sqlite3', 'run'), nm('kysely'), src('chat/messages/writer.ts')])).toBe(
      'SQL, commit and fsync',
    );
    expect(categorise([frame('stringify'), src('platform/sockets/gateway.ts')])).toBe('JSON');
    expect(categorise([nm('zod', 'parse'), src('platform/sockets/gateway.ts')])).toBe('validation');
    expect(categorise([nm('ws', 'sendFrame'), src('platform/sockets/gateway.ts')])).toBe('socket writes');
    expect(categorise([nm('ws', 'getData')])).toBe('socket reads');
    expect(categorise([nm('prom-client')])).toBe('metrics');
    expect(categorise([src('platform/bus/eventBus.ts')])).toBe('event bus');
    expect(categorise([src('platform/backplane/redisBus.ts')])).toBe('event bus');
    expect(categorise([frame('(garbage collector)')])).toBe('garbage collection');
    expect(categorise([frame('(idle)')])).toBe('idle');
    expect(categorise([src('chat/messages/rules.ts')])).toBe('other');
    expect(categorise([frame('postMessage'), src('chat/messages/sqliteWriterThread.ts')])).toBe(
      'writer thread hand-off',
    );
    expect(categorise([frame('emitMessage', 'node:internal/per_context/messageport')])).toBe(
      'writer thread hand-off',
    );
  });
});

describe('summarizeProfile', () => {
  it('adds each sample’s time to its category and gives shares of the busy time', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 3, 4] },
        { id: 2, callFrame: nm('better-sqlite3', 'run') },
        { id: 3, callFrame: frame('stringify') },
        { id: 4, callFrame: frame('(idle)') },
      ],
      samples: [2, 2, 3, 4],
      timeDeltas: [3000, 3000, 2000, 10000],
    };
    const shares = Object.fromEntries(summarizeProfile(profile).map((s) => [s.category, s]));
    expect(shares['SQL, commit and fsync']).toMatchObject({ ms: 6, percentOfBusy: 75 });
    expect(shares.JSON).toMatchObject({ ms: 2, percentOfBusy: 25 });
    expect(shares.idle).toMatchObject({ ms: 10, percentOfBusy: 0 });
  });
});

describe('summarizeProfile over a window before the end', () => {
  it('counts only the samples taken between `fromEnd` and `toEnd` seconds before the last one', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 3] },
        { id: 2, callFrame: nm('better-sqlite3', 'run') },
        { id: 3, callFrame: frame('stringify') },
      ],
      // At 1 s (setup, SQL), 5 s and 9 s (the load, JSON), 10 s (shutdown, SQL).
      samples: [2, 3, 3, 2],
      timeDeltas: [1e6, 4e6, 4e6, 1e6],
    };
    const shares = Object.fromEntries(
      summarizeProfile(profile, { fromEnd: 6, toEnd: 0.5 }).map((s) => [s.category, s]),
    );
    expect(shares.JSON).toMatchObject({ ms: 8000, percentOfBusy: 100 });
    expect(shares['SQL, commit and fsync']).toMatchObject({ ms: 0 });
  });
});
