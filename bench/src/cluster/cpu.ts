import fs from 'node:fs';

/**
 * CPU time spent by each party of a run, in seconds: the nodes (by pid), PostgreSQL's
 * sessions for the bench's database (found in /proc by their title, so only when PostgreSQL
 * runs on this machine), Redis (its INFO cpu, read by the caller) and this load generator.
 * With everything on one machine, where a message's CPU goes is where its time goes.
 */
export interface CpuSample {
  /** pid → seconds, for the node processes and the database's sessions. */
  nodes: Map<number, number>;
  postgres: Map<number, number>;
  loadGenerator: number;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

export function sampleCpu(nodePids: number[], database: string): CpuSample {
  const nodes = new Map<number, number>();
  for (const pid of nodePids) {
    const seconds = processSeconds(pid);
    if (seconds !== null) nodes.set(pid, seconds);
  }
  const usage = process.cpuUsage();
  return {
    nodes,
    postgres: postgresSessions(database),
    loadGenerator: (usage.user + usage.system) / 1e6,
  };
}

export interface CpuSpent {
  nodes: number;
  /** null when no PostgreSQL session of the database was found on this machine. */
  postgres: number | null;
  loadGenerator: number;
}

/** CPU seconds from `a` to `b`; a process that appeared in between counts from zero. */
export function cpuBetween(a: CpuSample, b: CpuSample): CpuSpent {
  const spent = (before: Map<number, number>, after: Map<number, number>) => {
    let total = 0;
    for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
    return total;
  };
  return {
    nodes: spent(a.nodes, b.nodes),
    postgres: b.postgres.size > 0 ? spent(a.postgres, b.postgres) : null,
    loadGenerator: b.loadGenerator - a.loadGenerator,
  };
}

function processSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start past the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** PostgreSQL backends serving `database`: their title reads "postgres: … <user> <database> <client> …". */
function postgresSessions(database: string): Map<number, number> {
  const sessions = new Map<number, number>();
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return sessions;
  }
  for (const name of pids) {
    let title: string;
    try {
      title = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (!title.startsWith('postgres: ') || !title.split(' ').includes(database)) continue;
    const seconds = processSeconds(Number(name));
    if (seconds !== null) sessions.set(Number(name), seconds);
  }
  return sessions;
}
