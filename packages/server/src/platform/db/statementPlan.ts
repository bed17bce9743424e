import {
  type Compilable,
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { Schema } from './schema';

const SLOT_PREFIX = '\u0000slot:';

/** A placeholder for a value bound at each run, typed as whatever the query builder expects there. */
export function slot<T>(name: string): T {
  return `${SLOT_PREFIX}${name}` as unknown as T;
}

/** One parameter of a planned statement: a slot filled at each run, or a value fixed in the query. */
export type PlanParameter = { slot: string } | { value: unknown };

/**
 * A query compiled once, as plain data that crosses to another thread: its SQL and, in order,
 * where each parameter comes from. K names its slots. Prepared with prepareStatement.
 */
export interface StatementPlan<K extends string> {
  sql: string;
  parameters: PlanParameter[];
  /** Only carries K for the type checker. */
  readonly slots?: K;
}

/**
 * Compiles a kysely query built with slots for its values. For the message writer's hot path,
 * where building, compiling and running each statement through kysely's async driver cost
 * several times SQLite's own work (bench/results): the query is still written with kysely,
 * so its tables and columns are checked against the schema, but compiled once.
 */
export function planStatement<K extends string>(query: Compilable): StatementPlan<K> {
  const compiled = query.compile();
  return {
    sql: compiled.sql,
    parameters: compiled.parameters.map((value) =>
      typeof value === 'string' && value.startsWith(SLOT_PREFIX)
        ? { slot: value.slice(SLOT_PREFIX.length) }
        : { value },
    ),
  };
}

/** A kysely instance that only builds and compiles SQLite's SQL: it has no connection. */
export function sqliteCompiler(): Kysely<Schema> {
  return new Kysely<Schema>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}
