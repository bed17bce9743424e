import type { Database, Statement } from 'better-sqlite3';
import type { StatementPlan } from './statementPlan';

/** A planned statement prepared on one connection, run with named values. */
export interface PreparedStatement<K extends string> {
  run(values: Record<K, unknown>): void;
  get<R>(values: Record<K, unknown>): R | undefined;
  all<R>(values: Record<K, unknown>): R[];
}

/**
 * Prepares a statement planned by planStatement on a better-sqlite3 connection. Type-only
 * imports besides: the SQLite writer's thread loads this without kysely.
 */
export function prepareStatement<K extends string>(
  raw: Database,
  plan: StatementPlan<K>,
): PreparedStatement<K> {
  const statement: Statement = raw.prepare(plan.sql);
  const { parameters } = plan;
  const bind = (values: Record<K, unknown>) =>
    parameters.map((p) => ('slot' in p ? values[p.slot as K] : p.value));
  return {
    run: (values) => void statement.run(...bind(values)),
    get: <R>(values: Record<K, unknown>) => statement.get(...bind(values)) as R | undefined,
    all: <R>(values: Record<K, unknown>) => statement.all(...bind(values)) as R[],
  };
}
