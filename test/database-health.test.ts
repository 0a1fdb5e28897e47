// Whether the database is there: which errors say it is not (so they are retried and answered 503, not 500), and the
// health check's `select 1`, which answers `false` in time whatever the server does.
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createServer, type Server, type Socket } from 'node:net';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { drizzle } from 'drizzle-orm/node-postgres';
import { isStorageError, isUniqueViolation } from '../server/db/errors.js';
import { databaseAnswers } from '../server/db/ping.js';
import { openPostgres } from '../server/db/open-pg.js';
import type { Db } from '../server/db/handle.js';
import { startServer, type TestServer } from './helpers/server.js';

/** An error as node-postgres raises it: a server's (with a SQLSTATE code), a socket's, or its own (a message only). */
const pgError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
/** The same, as drizzle rethrows it. */
const wrapped = (cause: Error) => new DrizzleQueryError('select 1', [], cause);

describe('isStorageError', () => {
  it.each([
    ['the server shutting down (57P01 admin_shutdown)', pgError('terminating connection due to administrator command', '57P01')],
    ['the server starting up (57P03 cannot_connect_now)', pgError('the database system is starting up', '57P03')],
    ['a connection refused', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a connection lost (08006)', pgError('connection failure', '08006')],
    ['a connection that ended', pgError('Connection terminated unexpectedly')],
    ['a query on a connection that had failed', pgError('Client has encountered a connection error and is not queryable')],
    ['no connection free in time', pgError('timeout exceeded when trying to connect')],
    ['a full disk on SQLite', pgError('database or disk is full', 'SQLITE_FULL')],
  ])('is true for %s, bare or wrapped by drizzle', (_what, err) => {
    expect(isStorageError(err)).toBe(true);
    expect(isStorageError(wrapped(err))).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('duplicate key value violates unique constraint "users_email_unique"', '23505')],
    ['a syntax error', pgError('syntax error at or near "selec"', '42601')],
    ['a bug of ours', new TypeError('Cannot read properties of undefined')],
  ])('is false for %s', (_what, err) => {
    expect(isStorageError(wrapped(err))).toBe(false);
  });

  it('leaves isUniqueViolation as it was', () => {
    expect(isUniqueViolation(wrapped(Object.assign(pgError('duplicate', '23505'), { constraint: 'users_email_unique' })), 'email')).toBe(true);
  });
});

describe('databaseAnswers', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0)) await fn();
  });

  /** A drizzle handle on a node-postgres pool to `port` on loopback. */
  const poolOn = (port: number) => {
    const pool = new pg.Pool({ connectionString: `postgres://amendo@127.0.0.1:${port}/amendo` });
    pool.on('error', () => {});
    cleanup.push(() => pool.end());
    return drizzle({ client: pool }) as unknown as Db;
  };
  /** A TCP server that takes connections and never answers, as a database server that hangs. */
  const silentServer = async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))));
    return (server.address() as { port: number }).port;
  };

  it('is true on a working database (SQLite here; PostgreSQL in test/cluster/postgres-restart.test.ts)', async () => {
    const server: TestServer = await startServer();
    cleanup.push(() => server.close());
    expect(await databaseAnswers(server.app.db, 1000)).toBe(true);
  });

  it('is true on PGlite', async () => {
    const { db, close } = await openPostgres('pglite://memory');
    cleanup.push(close);
    expect(await databaseAnswers(db as unknown as Db, 1000)).toBe(true);
  });

  it('is false when nobody listens', async () => {
    const port = await silentServer();
    await cleanup.pop()!(); // the port is free again: connections are refused
    expect(await databaseAnswers(poolOn(port), 1000)).toBe(false);
  });

  it('is false, in time, when the server takes the connection and never answers', async () => {
    const started = performance.now();
    expect(await databaseAnswers(poolOn(await silentServer()), 300)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('GET /api/health', () => {
  it('says the database is up and the instance healthy', async () => {
    const server = await startServer();
    try {
      const res = await fetch(`${server.url}/api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, database: 'up', redis: 'off', degraded: [] });
    } finally {
      await server.close();
    }
  });
});
