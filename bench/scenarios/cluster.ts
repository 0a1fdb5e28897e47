import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freshDatabase } from '../../test/cluster/services.js';
import { startServerProcess, type ServerProcess } from '../child-server.js';
import { createRulebookDoc, percentile, sleep, withTimeout } from '../fixtures.js';
import { fmt, machineLine, type ResultRow, type ResultTable } from '../report.js';
import { useServices, type Services } from '../services.js';
import { markerTags } from '../wire.js';
import { delays, latencyFigures, measureFanOut, type FanOutParams } from './fan-out.js';
import { demoServerEnv, readsParams, viewPages, type PageViewResult, type ReadsParams } from './reads.js';

const run = promisify(execFile);

/** How the cluster benchmark runs. */
export interface ClusterParams {
  name: string;
  /** The fan-out: one writer on instance A, readers spread evenly over the instances of the setup. */
  fanOut: FanOutParams;
  /** The page-view scenario of the read benchmark (visitors spread evenly over the instances). */
  views: ReadsParams;
  /** `doc_updates` appends, and read-backs of the log, timed on each engine. */
  logOps: number;
  /** Redis PUBLISH → message round trips timed alone. */
  pings: number;
}

/** `npm run bench -- --only cluster` (about 2 minutes on two cores), `--full`, and a few clients for a smoke run. */
export const clusterParams = {
  quick: { name: 'quick', fanOut: { readers: 50, articles: 300, editsPerSecond: 20, durationMs: 4_000 }, views: readsParams.quick, logOps: 300, pings: 300 },
  full: { name: 'full', fanOut: { readers: 200, articles: 300, editsPerSecond: 20, durationMs: 10_000 }, views: readsParams.full, logOps: 2_000, pings: 2_000 },
  tiny: { name: 'tiny', fanOut: { readers: 4, articles: 20, editsPerSecond: 20, durationMs: 500 }, views: readsParams.tiny, logOps: 20, pings: 20 },
} satisfies Record<string, ClusterParams>;

/** The draft channel of `server/cluster/fanout.ts`: an instance publishes each committed update on it. */
const DRAFT_CHANNELS = 'amendo:draft:*';
/** The rulebook the fan-out writer types into (the page views read the seeded demo rulebook). */
const FAN_OUT_SLUG = 'cluster-fan-out';

/** The three setups compared, in the order they run. */
const SETUPS = [
  { id: 'sqlite', label: 'one instance, SQLite', instances: 1, postgres: false },
  { id: 'postgres', label: 'one instance, PostgreSQL + Redis', instances: 1, postgres: true },
  { id: 'two', label: 'two instances, PostgreSQL + Redis', instances: 2, postgres: true },
] as const;
type Setup = (typeof SETUPS)[number];

/** What one setup measured. */
interface SetupResult {
  setup: Setup;
  edits: number;
  /** Per instance (A first): readers connected there, and when each edit reached each of them. */
  readers: Array<{ readers: number; failedToConnect: number; latencies: number[]; fromRedis: number[] }>;
  /** Writer → the update published on Redis (seen by a subscriber in this process); empty without Redis. */
  toRedis: number[];
  firstVisit: PageViewResult;
  returning: PageViewResult;
  /** The update log's costs on this setup's database, timed after its instances stopped (not for the two-instance setup). */
  log: LogCosts | null;
}

/** A subscriber to every instance's draft updates: when each edit marker was first published. */
async function watchRedis(url: string): Promise<{ seen: Map<string, number>; close(): void }> {
  const seen = new Map<string, number>();
  const sub = new Redis(url);
  sub.on('pmessageBuffer', (_pattern: Buffer, _channel: Buffer, message: Buffer) => {
    const at = performance.now();
    for (const tag of markerTags(message)) if (!seen.has(tag)) seen.set(tag, at);
  });
  await sub.psubscribe(DRAFT_CHANNELS);
  return { seen, close: () => sub.disconnect() };
}

/** Redis alone: PUBLISH from one connection to a subscriber on another, one message at a time. */
async function redisRoundTrips(url: string, count: number): Promise<number[]> {
  const pub = new Redis(url);
  const sub = new Redis(url);
  try {
    let arrived: (() => void) | null = null;
    sub.on('messageBuffer', () => arrived?.());
    await sub.subscribe('amendo-bench:ping');
    const ms: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const received = new Promise<void>((resolve) => (arrived = resolve));
      await pub.publish('amendo-bench:ping', Buffer.alloc(64));
      await withTimeout(received, 5_000, 'a Redis message');
      ms.push(performance.now() - t0);
    }
    return ms;
  } finally {
    pub.disconnect();
    sub.disconnect();
  }
}

/** Latencies, in ms, of `UpdateLog.append` (its own transaction) and of a read-back of the log that finds nothing new. */
interface LogCosts {
  appends: number[];
  readBacks: number[];
  /** Size of the compacted draft, which a read-back reads too. */
  snapshotBytes: number;
}

/** The update log's costs on `target` (a SQLite file or a PostgreSQL URL), `count` of each, in a child process. */
async function logCosts(target: string, count: number): Promise<LogCosts> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/update-log-cost.ts', target, FAN_OUT_SLUG, String(count)], { encoding: 'utf8' });
  return JSON.parse(stdout) as LogCosts;
}

/** Poll every instance's health until it says Redis is up. */
async function redisUp(instances: ServerProcess[]): Promise<void> {
  const up = async () => (await Promise.all(instances.map(async (s) => ((await (await fetch(`${s.url}/api/health`)).json()) as { redis: string }).redis))).every((r) => r === 'up');
  await withTimeout(
    (async () => {
      while (!(await up())) await sleep(50);
    })(),
    10_000,
    'instances connected to Redis',
  );
}

/** Start a setup's instances (A seeds the demo), run the fan-out and the page views on them, then time the update log. */
async function measureSetup(setup: Setup, p: ClusterParams, services: Services, dataDir: string): Promise<SetupResult> {
  const database = setup.postgres ? await freshDatabase() : null;
  const instances: ServerProcess[] = [];
  let redis: Awaited<ReturnType<typeof watchRedis>> | null = null;
  try {
    const env: Record<string, string> = database ? { DATABASE_URL: database.url, REDIS_URL: services.redisUrl } : {};
    for (let i = 0; i < setup.instances; i++) {
      const dir = mkdtempSync(join(dataDir, `${setup.id}-${i}-`));
      instances.push(await startServerProcess('amendo', dir, { ...demoServerEnv, ...env, ...(i > 0 ? { SEED_DEMO: 'false' } : {}) }));
    }
    if (database) {
      await redisUp(instances);
      redis = await watchRedis(services.redisUrl);
    }
    const doc = await createRulebookDoc(instances[0]!, FAN_OUT_SLUG, p.fanOut.articles);
    const sample = await measureFanOut(doc, instances, p.fanOut);
    const seen = redis?.seen ?? new Map<string, number>();
    await viewPages(instances, { ...p.views, seconds: p.views.warmupSeconds }, false);
    const firstVisit = await viewPages(instances, p.views, false);
    const returning = await viewPages(instances, p.views, true);
    const dead = instances.find((s) => !s.alive());
    if (dead) throw new Error(`an instance exited: ${dead.stderrTail().slice(-500)}`);
    await Promise.all(instances.map((s) => s.stop()));
    const log = setup.id === 'two' ? null : await logCosts(database?.url ?? join(instances[0]!.dataDir, 'amendo.db'), p.logOps);
    return {
      setup,
      edits: sample.edits,
      readers: sample.perServer.map((s) => ({ ...s, latencies: delays(s.arrivals, sample.sentAt), fromRedis: delays(s.arrivals, seen) })),
      toRedis: delays([...seen], sample.sentAt),
      firstVisit,
      returning,
      log,
    };
  } finally {
    redis?.close();
    await Promise.all(instances.map((s) => s.stop()));
    await database?.drop();
  }
}

const INSTANCE = ['A', 'B'];

/**
 * `npm run bench -- --only cluster`: one instance on SQLite, one on PostgreSQL + Redis, and two on PostgreSQL + Redis,
 * measured in one run on one machine (PostgreSQL and Redis from `useServices`, a fresh database per setup): the
 * fan-out of one writer's edits, page views, and the cost of each hop an edit takes.
 */
export async function runCluster(p: ClusterParams, log: (line: string) => void = () => {}): Promise<ResultTable[]> {
  const t0 = performance.now();
  const services = await useServices(log);
  const dataDir = mkdtempSync(join(tmpdir(), 'amendo-cluster-'));
  const results: SetupResult[] = [];
  const failures: string[] = [];
  let pings: number[] = [];
  try {
    pings = await redisRoundTrips(services.redisUrl, p.pings);
    for (const setup of SETUPS) {
      const t0 = performance.now();
      try {
        results.push(await measureSetup(setup, p, services, dataDir));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        failures.push(`${setup.label}: the scenario failed — ${message.slice(0, 300)}`);
        log(`  cluster / ${setup.id}: FAILED ${message}`);
      }
      log(`  cluster / ${setup.id}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await services.stop();
  }
  return clusterTables(results, pings, p, [machineLine(p.name, performance.now() - t0), ...failures]);
}

/** The three tables of the cluster benchmark; `notes` go under the first. */
function clusterTables(results: SetupResult[], pings: number[], p: ClusterParams, notes: string[]): ResultTable[] {
  // Hops can take well under a millisecond: two decimals there.
  const msFine = (n: number) => (n < 1 ? n.toFixed(2) : fmt.ms(n));
  const ms = (xs: number[]) => [fmt.int(xs.length), msFine(percentile(xs, 50)), msFine(percentile(xs, 99))];
  const fanOut: ResultRow[] = results.flatMap((r) =>
    r.readers.map((on, i) => {
      const f = latencyFigures(on.latencies, r.edits * (on.readers - on.failedToConnect));
      const where = r.readers.length > 1 ? ` — readers on ${INSTANCE[i]}${i === 0 ? ' (the writer’s)' : ''}` : '';
      return { server: r.setup.label + where, group: `${on.readers} on ${INSTANCE[i]}`, cells: [String(r.edits), fmt.ms(f.p50), fmt.ms(f.p99), fmt.ms(f.max), String(f.missing + on.failedToConnect * r.edits)], score: null };
    }),
  );
  const views: ResultRow[] = results.map((r) => ({
    server: r.setup.label,
    group: r.readers.length > 1 ? `${p.views.visitors} (split A/B)` : String(p.views.visitors),
    cells: [r.firstVisit, r.returning].flatMap((v) => [v.perSecond.toFixed(1), fmt.ms(v.p50), fmt.ms(v.p99)]).concat(String(r.firstVisit.unexpected + r.returning.unexpected)),
    score: null,
  }));
  const hop = (name: string, setup: string, xs: number[]): ResultRow => ({ server: name, group: setup, cells: ms(xs), score: null });
  const hops: ResultRow[] = [];
  for (const r of results) hops.push(hop('local broadcast: writer → reader on the writer’s instance', r.setup.label, r.readers[0]!.latencies));
  for (const r of results.filter((x) => x.setup.postgres)) hops.push(hop('writer → update published on Redis (flush batch + commit + PUBLISH)', r.setup.label, r.toRedis));
  for (const r of results.filter((x) => x.readers.length > 1)) {
    hops.push(hop('Redis message → reader on B (B applies it and broadcasts)', r.setup.label, r.readers[1]!.fromRedis));
    hops.push(hop('writer → reader on B (end to end)', r.setup.label, r.readers[1]!.latencies));
  }
  hops.push(hop('Redis PUBLISH → subscriber, alone (64 bytes)', 'Redis', pings));
  for (const r of results) {
    if (!r.log) continue;
    const engine = r.setup.postgres ? 'PostgreSQL' : 'SQLite';
    hops.push(hop(`one \`doc_updates\` append (${r.setup.postgres ? 'BEGIN, advisory lock, INSERT, COMMIT' : 'BEGIN IMMEDIATE, INSERT, COMMIT'})`, engine, r.log.appends));
    hops.push(hop(`one read-back of the log finding nothing new (beside a ${fmt.kib(r.log.snapshotBytes)} KiB snapshot, read only when newer)`, engine, r.log.readBacks));
  }
  const f = p.fanOut;
  return [
    {
      id: 'cluster-fan-out',
      title: '8. Several instances: fan-out',
      subjectLabel: 'setup',
      groupLabel: 'readers',
      columns: ['edits', 'p50 ms', 'p99 ms', 'max ms', 'missing deliveries'],
      ratioOf: '',
      rows: fanOut,
      notes: [`One writer on instance A types ${f.editsPerSecond} timestamped edits/s for ${f.durationMs / 1000} s into a ${f.articles}-article rulebook; ${f.readers} read-only readers, split evenly over the instances of the setup. Latency: from the writer’s change to each reader receiving it.`, ...notes],
    },
    {
      id: 'cluster-views',
      title: '8. Several instances: page views',
      subjectLabel: 'setup',
      groupLabel: 'visitors',
      columns: ['first visit views/s', 'p50 ms', 'p99 ms', 'returning views/s', 'p50 ms', 'p99 ms', 'failed'],
      ratioOf: '',
      rows: views,
      notes: [`The page-view scenario of the read benchmark (7.): ${p.views.visitors} anonymous visitors at once for ${p.views.seconds} s each, every visitor viewing the demo rulebook’s page again and again on its instance (visitor i on instance i mod n).`],
    },
    {
      id: 'cluster-hops',
      title: '8. Several instances: the cost of each hop',
      subjectLabel: 'hop',
      groupLabel: 'setup',
      columns: ['samples', 'p50 ms', 'p99 ms'],
      ratioOf: '',
      rows: hops,
      notes: [
        'Publication on Redis is timed by a subscriber in the bench process (it hears what instance B hears). An instance publishes an update once its `doc_updates` row is committed, and a row holds what arrived within `FLUSH_DELAY_MS` (20 ms) of its first update.',
        `The update log: \`UpdateLog.append\` with a keystroke’s update, then \`UpdateLog.since\` from the last row (what each instance runs per loaded draft every 5 s when instances share the database), ${fmt.int(p.logOps)} of each in a row, in a process of their own on the setup’s database once its instances stopped. SQLite: WAL, \`synchronous=NORMAL\` (no fsync per commit). PostgreSQL: the private test server of \`scripts/test-services.sh\`, \`fsync=off\`, \`synchronous_commit=off\` (no fsync either).`,
      ],
    },
  ];
}
