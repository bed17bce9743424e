import type { Database, Statement } from 'better-sqlite3';
import type { Compilable } from 'kysely';

const SLOT_PREFIX = '\u0000slot:';

/** A placeholder for a value bound at each run, typed as whatever the query builder expects there. */
export function slot<T>(name: string): T {
  return `${SLOT_PREFIX}${name}` as unknown as T;
}

/** A statement compiled once, run with named values. */
export interface CompiledStatement<K extends string> {
  run(values: Record<K, unknown>): void;
  get<R>(values: Record<K, unknown>): R | undefined;
  all<R>(values: Record<K, unknown>): R[];
}

/**
 * A kysely query, built once with slots for its values, compiled once and prepared on a
 * better-sqlite3 connection. For the message writer's hot path, where building, compiling and
 * running each statement through kysely's async driver cost several times SQLite's own work
 * (bench/results); the query is still written with kysely, so its tables and columns are
 * checked against the schema. Values that are not slots (literals in the query) stay as compiled.
 */
export function prepareCompiled<K extends string>(raw: Database, query: Compilable): CompiledStatement<K> {
  const compiled = query.compile();
  const statement: Statement = raw.prepare(compiled.sql);
  const order = compiled.parameters.map((value) =>
    typeof value === 'string' && value.startsWith(SLOT_PREFIX)
      ? { slot: value.slice(SLOT_PREFIX.length) as K, value: undefined }
      : { slot: undefined, value },
  );
  const bind = (values: Record<K, unknown>) =>
    order.map((p) => (p.slot === undefined ? p.value : values[p.slot]));
  return {
    run: (values) => void statement.run(...bind(values)),
    get: <R>(values: Record<K, unknown>) => statement.get(...bind(values)) as R | undefined,
    all: <R>(values: Record<K, unknown>) => statement.all(...bind(values)) as R[],
  };
}
