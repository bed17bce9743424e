import net from 'node:net';
import pg from 'pg';
import { sleep } from '../stats';

/**
 * What PostgreSQL and Redis did, read from their own counters: pg_stat_database (the bench's
 * database) and pg_stat_user_tables (the bench's schema), and Redis's INFO commandstats. Diffs
 * of two snapshots divided by the messages sent give the cost of one message.
 */
export interface Counters {
  pg: {
    /** Committed transactions in the database (every client of it counts: use a quiet one). */
    commits: number;
    /** Rows inserted, updated and fetched by index in the bench schema's tables. */
    inserted: number;
    updated: number;
    indexScans: number;
    sequentialScans: number;
  };
  /** Redis commands (each a round trip unless pipelined), in total and by command. */
  redis: { total: number; byCommand: Record<string, number> };
  /** Redis's own CPU time (INFO cpu: user + system), in seconds. */
  redisCpu: number;
}

export class CounterReader {
  private constructor(
    private readonly db: pg.Client,
    private readonly schema: string,
    private readonly redisUrl: string,
  ) {}

  static async open(pgUrl: string, schema: string, redisUrl: string): Promise<CounterReader> {
    const db = new pg.Client({ connectionString: pgUrl, application_name: 'liao-bench-counters' });
    await db.connect();
    return new CounterReader(db, schema, redisUrl);
  }

  /**
   * Waits until no other session is connected to the database (the nodes have stopped), so
   * that their statistics are flushed: PostgreSQL publishes a session's counts when it ends
   * or up to 10 s later. Gives up after `timeoutMs` on a database others use too.
   */
  async waitForIdleDatabase(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await this.db.query<{ n: string }>(
        `select count(*) as n from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
      );
      if (Number(rows[0]?.n) === 0) return true;
      await sleep(100);
    }
    return false;
  }

  async read(): Promise<Counters> {
    const database = await this.db.query<{ commits: string }>(
      'select xact_commit as commits from pg_stat_database where datname = current_database()',
    );
    const tables = await this.db.query<Record<string, string | null>>(
      `select coalesce(sum(n_tup_ins), 0) as inserted, coalesce(sum(n_tup_upd), 0) as updated,
              coalesce(sum(idx_scan), 0) as index_scans, coalesce(sum(seq_scan), 0) as seq_scans
         from pg_stat_user_tables where schemaname = $1`,
      [this.schema],
    );
    const t = tables.rows[0] ?? {};
    return {
      pg: {
        commits: Number(database.rows[0]?.commits ?? 0),
        inserted: Number(t.inserted ?? 0),
        updated: Number(t.updated ?? 0),
        indexScans: Number(t.index_scans ?? 0),
        sequentialScans: Number(t.seq_scans ?? 0),
      },
      redis: parseCommandStats(await redisInfo(this.redisUrl, 'commandstats')),
      redisCpu: parseCpu(await redisInfo(this.redisUrl, 'cpu')),
    };
  }

  close(): Promise<void> {
    return this.db.end();
  }
}

/** b − a, field by field. */
export function diffCounters(a: Counters, b: Counters): Counters {
  const byCommand: Record<string, number> = {};
  for (const [command, calls] of Object.entries(b.redis.byCommand)) {
    const n = calls - (a.redis.byCommand[command] ?? 0);
    if (n !== 0) byCommand[command] = n;
  }
  return {
    pg: {
      commits: b.pg.commits - a.pg.commits,
      inserted: b.pg.inserted - a.pg.inserted,
      updated: b.pg.updated - a.pg.updated,
      indexScans: b.pg.indexScans - a.pg.indexScans,
      sequentialScans: b.pg.sequentialScans - a.pg.sequentialScans,
    },
    redis: { total: b.redis.total - a.redis.total, byCommand },
    redisCpu: b.redisCpu - a.redisCpu,
  };
}

function parseCpu(info: string): number {
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

function parseCommandStats(info: string): Counters['redis'] {
  const byCommand: Record<string, number> = {};
  let total = 0;
  for (const line of info.split('\r\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (!match?.[1]) continue;
    // INFO itself (the bench's own reads) is not the nodes' work.
    if (match[1] === 'info') continue;
    byCommand[match[1]] = Number(match[2]);
    total += Number(match[2]);
  }
  return { total, byCommand };
}

/** INFO <section> over a plain socket (RESP), with AUTH when the URL carries a password. */
function redisInfo(url: string, section: string): Promise<string> {
  const u = new URL(url);
  if (u.protocol !== 'redis:')
    throw new Error(`the bench reads Redis counters over redis:// only, not ${u.protocol}`);
  const command = (...args: string[]) =>
    `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  const password = decodeURIComponent(u.password);
  const user = decodeURIComponent(u.username);
  const auth = password ? command('AUTH', ...(user ? [user] : []), password) : '';
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(u.port || 6379), u.hostname);
    let data = Buffer.alloc(0);
    socket.setTimeout(5000, () => socket.destroy(new Error('Redis INFO timed out')));
    socket.once('error', reject);
    socket.once('connect', () => socket.write(auth + command('INFO', section)));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      let text = data.toString('latin1');
      if (auth) {
        if (text.startsWith('-')) return socket.destroy(new Error(`Redis AUTH: ${text.split('\r\n')[0]}`));
        const end = text.indexOf('\r\n');
        if (end < 0) return;
        text = text.slice(end + 2);
      }
      const header = /^\$(\d+)\r\n/.exec(text);
      if (!header?.[1]) return;
      const body = text.slice(header[0].length);
      if (Buffer.byteLength(body, 'latin1') < Number(header[1])) return;
      socket.end();
      resolve(body.slice(0, Number(header[1])));
    });
  });
}
