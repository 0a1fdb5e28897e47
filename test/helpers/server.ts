import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import type { AppOptions } from '../../server/config.js';

/** A running Amendo server on a random port. */
export interface TestServer {
  app: FastifyInstance;
  /** Base HTTP URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Base URL of the collaboration endpoint, e.g. `ws://127.0.0.1:41234/collab`. */
  collabUrl: string;
  close(): Promise<void>;
}

/**
 * Start the real server on port 0 against an in-memory (or given) SQLite database, or the database
 * `AMENDO_TEST_DATABASE_URL` names (the PGlite project of vitest.config.ts sets it to `pglite://memory`).
 */
export async function startServer(options: Partial<AppOptions> = {}): Promise<TestServer> {
  const app = await buildApp({ databasePath: ':memory:', databaseUrl: process.env.AMENDO_TEST_DATABASE_URL || undefined, logLevel: 'silent', seedDemo: false, authRateLimit: 10_000, postRateLimit: 10_000, clientDir: undefined, ...options });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    url: address,
    collabUrl: address.replace(/^http/, 'ws') + '/collab',
    // At teardown, connections still open (a request a test left unanswered) are cut rather than waited for.
    close: async () => {
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
    },
  };
}
