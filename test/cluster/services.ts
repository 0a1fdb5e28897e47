// The PostgreSQL and Redis servers the cluster tests run against, started by scripts/test-services.sh, and a private
// PostgreSQL server for a test that stops it.
import pg from 'pg';
import { afterEach, beforeEach } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/client.js';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The environment variable naming a service, or an error saying how to start the services (never a silent skip). */
export function serviceUrl(name: 'TEST_DATABASE_URL' | 'TEST_REDIS_URL'): string {
  const url = process.env[name];
  if (!url) throw new Error(`${name} is not set: start the test services first with  eval "$(scripts/test-services.sh start)"  (and scripts/test-services.sh stop after)`);
  return url;
}

/** A new, empty database on the test server; `drop()` removes it (closing any connection left to it). */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = serviceUrl('TEST_DATABASE_URL');
  const name = `amendo_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`drop database ${name} with (force)`) };
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** A PostgreSQL server of one test's own, which it may stop and start again (the shared one must keep running). */
export interface PrivatePostgres {
  /** Its database `amendo`. */
  url: string;
  /** Stop the server: `fast` ends every session (57P01 admin_shutdown), `immediate` as in a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Start it again, on the same port and data. */
  start(): Promise<void>;
  /** Stop it if running and delete its data. */
  remove(): Promise<void>;
}

/**
 * Start a PostgreSQL server of Debian's packages (as scripts/test-services.sh does: initdb in a temporary folder, run
 * as the postgres user when we are root, on a free loopback port) with an empty database `amendo`.
 */
export async function privatePostgres(): Promise<PrivatePostgres> {
  serviceUrl('TEST_DATABASE_URL'); // the services (and so PostgreSQL's binaries) are there
  const versions = (await readdir('/usr/lib/postgresql')).sort((x, y) => Number(x) - Number(y));
  const bin = `/usr/lib/postgresql/${versions.at(-1)}/bin`;
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) => exec(asRoot ? 'runuser' : `${bin}/${tool}`, asRoot ? ['-u', 'postgres', '--', `${bin}/${tool}`, ...args] : args);
  const dir = await mkdtemp(join(tmpdir(), 'amendo-pg-'));
  await chmod(dir, 0o755);
  if (asRoot) await exec('chown', ['postgres:', dir]);
  const port = await freePort();
  const data = join(dir, 'data');
  await run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  // Unlike the shared server, commits are durable (synchronous_commit stays on): a test that crashes this one counts
  // on every acknowledged commit surviving; only the flushes to disk are skipped, which a process crash does not undo.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  let running = false;
  const start = async () => {
    await run('pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', '-o', options, 'start']);
    running = true;
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
    running = false;
  };
  await start();
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  try {
    await admin.query('create database amendo');
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/amendo`,
    stop,
    start,
    remove: async () => {
      if (running) await stop('immediate');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Two instances on a fresh database for each test of the calling suite (joined by Redis with `redis: true`, once both
 * are connected to it), closed and the database dropped after it. Returns how to get them, A then B, and the
 * database's URL (`databaseUrl()`).
 */
export function twoInstancesEachTest(opts: { redis?: boolean } = {}): (() => [TestServer, TestServer]) & { databaseUrl: () => string } {
  let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  let servers: TestServer[] = [];
  beforeEach(async () => {
    database = await freshDatabase();
    const options = { databaseUrl: database.url, ...(opts.redis ? { redisUrl: serviceUrl('TEST_REDIS_URL') } : {}) };
    servers = [await startServer(options), await startServer(options)];
    if (opts.redis) await waitFor(() => servers.every((s) => s.app.fanout?.connected), 5000, 'both instances connected to Redis');
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await database?.drop();
  });
  return Object.assign(() => servers as [TestServer, TestServer], { databaseUrl: () => database!.url });
}
