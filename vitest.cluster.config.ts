import { defineConfig } from 'vitest/config';

// npm run test:cluster: several instances over real PostgreSQL and Redis servers (scripts/test-services.sh starts
// them and exports TEST_DATABASE_URL and TEST_REDIS_URL; without them each test fails). One file at a time: each
// starts instances of its own, and the machine may have two cores.
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    setupFiles: ['test/cluster/require-services.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
