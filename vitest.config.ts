import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The domain and route tests that run a second time over PostgreSQL (PGlite, in WASM: nothing to install). The others
 * are about SQLite itself (files, crashes, migrations), rendering, timing or the browser, where the database is not
 * what they test.
 */
const overPostgres = [
  'accounts',
  'amendment-comments',
  'amendment-content',
  'amendments',
  'audit',
  'auth',
  'authorization',
  'collab',
  'comments',
  'concurrent-decisions',
  'consultation-window',
  'cosigning',
  'desk',
  'direct-edits',
  'hidden-supports',
  'invitations',
  'merges',
  'moderation',
  'notifications',
  'numbers-then',
  'participation',
  'provenance',
  'releases',
  'report',
  'rulebooks',
  'db/prepared',
].map((name) => `test/${name}.test.ts`);

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts'],
          // The cluster tests need PostgreSQL and Redis servers: npm run test:cluster (vitest.cluster.config.ts).
          exclude: [...configDefaults.exclude, 'test/cluster/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: overPostgres,
          env: { AMENDO_TEST_DATABASE_URL: 'pglite://memory' },
        },
      },
    ],
  },
});
