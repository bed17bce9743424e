import { configDefaults, defineConfig } from 'vitest/config';

// One run covers every package. Server suites start real servers on ephemeral ports and run
// once per store (SQLite always, PostgreSQL where LIAO_TEST_PG_URL is set), see
// packages/server/test/support/harness.ts.
// CI asks for a JSON report as well, to print one closing summary line.
const report = process.env.LIAO_TEST_REPORT;

export default defineConfig({
  test: {
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
    projects: [
      {
        test: {
          name: 'protocol',
          include: ['packages/protocol/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'server',
          include: ['packages/server/src/**/*.test.ts', 'packages/server/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'packages/server/test/cluster/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // Three node processes, nginx and a redis-server of its own (needs PostgreSQL and
          // Redis: skipped with the reason otherwise); the chaos test alone runs about a minute.
          name: 'cluster',
          include: ['packages/server/test/cluster/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 90_000,
        },
      },
      {
        test: {
          // The repository's own scripts (the prerequisite step of npm test and CI).
          name: 'scripts',
          include: ['scripts/**/*.test.mjs'],
        },
      },
      {
        test: {
          // The benchmark's own logic (its ladders), not its figures: those are never tested.
          name: 'bench',
          include: ['bench/src/**/*.test.ts', 'bench/peers/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'client',
          include: ['packages/client/src/**/*.test.ts'],
        },
      },
      {
        test: {
          // Pure state and logic of the web app; components are covered by the e2e project.
          name: 'web',
          include: ['packages/web/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['packages/web/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
