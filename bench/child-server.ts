import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The collaboration servers the benchmarks compare. */
export const SERVER_KINDS = ['amendo', 'y-websocket', 'hocuspocus'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];
/** A server the collaboration scenarios can talk to: the compared ones, and the floor of the live-reader benchmark. */
export type CollabKind = ServerKind | 'bare-broadcast';
/** Every process the benchmarks start: the collaboration servers, and the bare Fastify yardstick of the read benchmark. */
export type ProcessKind = CollabKind | 'bare-fastify';

/** Display names of the servers, as printed in the tables. */
export const serverLabel: Record<ProcessKind, string> = {
  amendo: 'Amendo',
  'y-websocket': 'y-websocket server',
  hocuspocus: 'Hocuspocus',
  'bare-broadcast': 'bare broadcast (floor)',
  'bare-fastify': 'bare Fastify',
};

/** A collaboration server running in its own process, restartable on the same storage. */
export interface ServerProcess<K extends ProcessKind = CollabKind> {
  readonly kind: K;
  /** Folder holding the server's storage; survives restarts. */
  readonly dataDir: string;
  child: ChildProcess;
  /** Base HTTP URL, e.g. `http://127.0.0.1:41234` (the port changes on restart). */
  url: string;
  /** Resident set size of the server process, in bytes (Linux). */
  rss(): number;
  /** Whether the process is still running. */
  alive(): boolean;
  /** The last lines the server wrote to stderr (for diagnostics). */
  stderrTail(): string;
  /** Kill with `signal` and wait for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Start the server again on the same storage (after `stop`); updates `child` and `url`. */
  restart(): Promise<void>;
}

const entryPoints: Record<ProcessKind, { script: string; readyPath: string }> = {
  amendo: { script: 'server/main.ts', readyPath: '/api/health' },
  'y-websocket': { script: 'bench/servers/y-websocket.ts', readyPath: '/' },
  hocuspocus: { script: 'bench/servers/hocuspocus.ts', readyPath: '/' },
  'bare-broadcast': { script: 'bench/servers/bare-broadcast.ts', readyPath: '/' },
  'bare-fastify': { script: 'bench/servers/bare-fastify.ts', readyPath: '/' },
};

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `url` until it answers (any status below 500), the child exits, or `timeoutMs` passes. */
async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited with ${child.exitCode ?? child.signalCode}: ${stderr()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`server did not become ready at ${url}: ${stderr()}`);
}

/**
 * Start one of the compared servers in a child process on a free loopback port, storing its data in `dataDir`,
 * and resolve once its HTTP endpoint answers (Amendo: `GET /api/health`).
 */
export async function startServerProcess<K extends ProcessKind>(kind: K, dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess<K>> {
  const { script, readyPath } = entryPoints[kind];
  let tail = '';
  const launch = async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        AUTH_RATE_LIMIT: '100000',
        CLIENT_DIR: '',
        DATABASE_PATH: join(dataDir, `${kind}.db`),
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // Keep only the end of stderr: fuzzed input makes some servers log every message.
    child.stderr!.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4000);
    });
    const url = `http://127.0.0.1:${port}`;
    await waitUntilReady(url + readyPath, child, 30_000, () => tail).catch((err) => {
      child.kill('SIGKILL');
      throw err;
    });
    return { child, url };
  };
  const first = await launch();
  const proc: ServerProcess<K> = {
    kind,
    dataDir,
    child: first.child,
    url: first.url,
    rss: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.child.pid}/status`, 'utf8'))![1]) * 1024,
    alive: () => proc.child.exitCode === null && proc.child.signalCode === null,
    stderrTail: () => tail,
    stop: async (signal = 'SIGTERM') => {
      if (!proc.alive()) return;
      const exited = new Promise((resolve) => proc.child.once('exit', resolve));
      proc.child.kill(signal);
      const timer = setTimeout(() => proc.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    restart: async () => {
      const next = await launch();
      proc.child = next.child;
      proc.url = next.url;
    },
  };
  return proc;
}

/** An Amendo server in a child process (kept for `bench/draft-figures.ts`). */
export async function startChildServer(env: Record<string, string>): Promise<ServerProcess> {
  const dataDir = env.DATABASE_PATH ? env.DATABASE_PATH.replace(/\/[^/]*$/, '') : '.';
  return startServerProcess('amendo', dataDir, env);
}
