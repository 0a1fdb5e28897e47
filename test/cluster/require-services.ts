// Setup file of vitest.cluster.config.ts: without the services every cluster test fails, saying how to start them
// (checked before each test rather than once per file, so each is counted as failed, none as skipped).
import { beforeEach } from 'vitest';
import { serviceUrl } from './services.js';

beforeEach(() => {
  serviceUrl('TEST_DATABASE_URL');
  serviceUrl('TEST_REDIS_URL');
});
