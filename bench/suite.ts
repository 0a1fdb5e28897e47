import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_KINDS, serverLabel, startServerProcess, type CollabKind, type ServerKind, type ServerProcess } from './child-server.js';
import { fmt, type ResultRow, type ResultTable } from './report.js';
import { runFanOut, type FanOutParams } from './scenarios/fan-out.js';
import { runConnections, type ConnectionsParams } from './scenarios/connections.js';
import { runColdLoad, type ColdLoadParams } from './scenarios/cold-load.js';
import { runDurability, type DurabilityParams } from './scenarios/durability.js';
import { runMalformed, type MalformedParams } from './scenarios/malformed.js';
import { runReconnectStorm, type StormParams } from './scenarios/reconnect-storm.js';

/** Every scenario's parameters for one run of the suite. */
export interface SuiteParams {
  name: string;
  fanOut: FanOutParams[];
  connections: ConnectionsParams[];
  coldLoad: ColdLoadParams;
  durability: DurabilityParams;
  malformed: MalformedParams;
  storm: StormParams;
}

const fanOut = (readers: number, durationMs: number): FanOutParams => ({ readers, articles: 300, editsPerSecond: 20, durationMs });
/** Edits timed per held-connections case (the smoke test times two). */
const HELD_EDITS = 9;
const held = (connections: number, documents: number): ConnectionsParams => ({ connections, documents, articles: documents === 1 ? 300 : 20, edits: HELD_EDITS });

/** `npm run bench`: under five minutes on two cores. */
export const quickParams: SuiteParams = {
  name: 'quick',
  fanOut: [fanOut(50, 4_000), fanOut(100, 4_000)],
  connections: [held(1_000, 1), held(1_000, 100)],
  coldLoad: { storedUpdates: 2_000, articles: 300 },
  durability: { runs: 5, articles: 300, editsPerSecond: 20, killWindowMs: [300, 1_500], graceMs: 100, seed: 7 },
  malformed: { messages: 1_000, articles: 300, bigFrameBytes: 10 * 2 ** 20, seed: 11 },
  storm: { clients: 200, articles: 300 },
};

/** `npm run bench -- --full`. */
export const fullParams: SuiteParams = {
  name: 'full',
  fanOut: [fanOut(100, 10_000), fanOut(500, 10_000)],
  connections: [held(1_000, 1), held(5_000, 1), held(10_000, 1), held(1_000, 100), held(5_000, 100), held(10_000, 100)],
  coldLoad: { storedUpdates: 20_000, articles: 300 },
  durability: { runs: 20, articles: 300, editsPerSecond: 20, killWindowMs: [300, 3_000], graceMs: 100, seed: 7 },
  malformed: { messages: 10_000, articles: 300, bigFrameBytes: 10 * 2 ** 20, seed: 11 },
  storm: { clients: 500, articles: 300 },
};

/** A few clients and edits per scenario, for the smoke test. */
export const tinyParams: SuiteParams = {
  name: 'tiny',
  fanOut: [{ readers: 3, articles: 20, editsPerSecond: 20, durationMs: 500 }],
  connections: [{ connections: 10, documents: 1, articles: 20, edits: 2 }, { connections: 10, documents: 2, articles: 5, edits: 2 }],
  coldLoad: { storedUpdates: 50, articles: 20 },
  durability: { runs: 1, articles: 20, editsPerSecond: 20, killWindowMs: [300, 400], graceMs: 100, seed: 7 },
  malformed: { messages: 40, articles: 20, bigFrameBytes: 2 * 2 ** 20, seed: 11 },
  storm: { clients: 5, articles: 20 },
};

/** The six scenarios, in the order they run. */
export const SCENARIOS = ['fan-out', 'connections', 'cold-load', 'durability', 'malformed', 'reconnect-storm'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

/** How the suite runs. */
export interface SuiteOptions {
  kinds?: readonly ServerKind[];
  scenarios?: readonly ScenarioId[];
  /** Reuse one server per kind across scenarios (faster; the smoke test) instead of a fresh one per scenario. */
  reuseServers?: boolean;
  log?: (line: string) => void;
}

type Scenario = (server: ServerProcess, params: SuiteParams) => Promise<ResultRow[]>;

const scenarios: Record<ScenarioId, { title: string; groupLabel: string; columns: string[]; ratioOf: string; notes: string[]; run: Scenario; /** Also run on the bare broadcast (shown, not ranked). */ floor?: true }> = {
  'fan-out': {
    title: '1. Fan-out latency',
    groupLabel: 'readers',
    columns: ['edits', 'p50 ms', 'p99 ms', 'max ms', 'missing deliveries'],
    ratioOf: 'p99',
    notes: ['One writer types 20 timestamped edits/s into a 300-article rulebook; latency is from the writer’s change to each read-only reader receiving the update.'],
    run: async (server, params) => {
      const rows: ResultRow[] = [];
      for (const p of params.fanOut) {
        const r = await runFanOut(server, p);
        rows.push({ server: serverLabel[server.kind], group: String(r.readers), cells: [String(r.edits), fmt.ms(r.p50), fmt.ms(r.p99), fmt.ms(r.max), String(r.missing + r.failedToConnect * r.edits)], score: r.p99 });
      }
      return rows;
    },
  },
  connections: {
    title: '2. Idle connections held',
    groupLabel: 'connections × documents',
    columns: ['RSS before → after (MiB)', 'RSS per connection (KiB)', 'connect all (ms)', 'one edit p99 (ms, median)', 'delivered', 'failed to connect'],
    ratioOf: 'RSS per connection',
    notes: [
      'Readers sync then stay idle; one document holds 300 articles, the 100-document case 20 articles each. RSS is read from /proc/<pid>/status (VmRSS) 1 s after the last reader synced.',
      `Then ${HELD_EDITS} edits, 200 ms apart, each timed from the writer's change to every reader of its document; the column is the median of their p99s.`,
      'The bare broadcast (floor) is not compared: it holds the documents in memory and writes each update, framed once, to every socket, and nothing else — the least any Node server does per reader.',
    ],
    floor: true,
    run: async (server, params) => {
      const rows: ResultRow[] = [];
      for (const p of params.connections) {
        const r = await runConnections(server, p);
        rows.push({
          server: serverLabel[server.kind],
          group: `${fmt.int(r.connections)} × ${r.documents}`,
          cells: [`${fmt.mib(r.rssBefore)} → ${fmt.mib(r.rssAfter)}`, fmt.kib(r.rssPerConnection), fmt.ms(r.connectMs), fmt.ms(r.editP99), `${r.delivered}/${r.expected}`, String(r.failedToConnect)],
          score: Math.max(0, r.rssPerConnection),
        });
      }
      return rows;
    },
  },
  'cold-load': {
    title: '3. Cold load of a long history',
    groupLabel: 'stored edits',
    columns: ['history written', 'first sync (ms)', 'sync payload (KiB)', 'stored Yjs bytes (KiB)', 'after compaction (KiB)', 'last edit present'],
    ratioOf: 'first sync',
    notes: [
      'Each edit is its own message (or, for “raw rows”, its own row of Amendo’s `doc_updates`, inserted while the server is stopped). The server is then restarted and a first client connects.',
      'y-websocket keeps documents in memory only: it is not restarted, so its row is a warm load and stores nothing.',
    ],
    run: async (server, params) => {
      const rs = await runColdLoad(server, params.coldLoad);
      return rs.map((r) => ({
        server: serverLabel[server.kind] + (r.variant === 'raw rows' ? ' (raw rows)' : ''),
        group: fmt.int(params.coldLoad.storedUpdates),
        cells: [r.variant === 'live' ? (server.kind === 'y-websocket' ? 'live (in memory)' : 'live, then restart') : 'raw rows, then restart', fmt.ms(r.syncMs), fmt.kib(r.syncBytes), r.storedBytes === null ? 'n/a' : fmt.kib(r.storedBytes), r.compactedBytes === null ? '' : fmt.kib(r.compactedBytes), r.complete ? 'yes' : '**no**'],
        score: r.syncMs,
      }));
    },
  },
  durability: {
    title: '4. Durability under kill -9',
    groupLabel: 'runs',
    columns: ['edits sent', 'acknowledged ≥100 ms before kill', 'acknowledged but lost', 'runs with a loss', 'worst run'],
    ratioOf: 'lost',
    notes: ['A writer makes 20 numbered edits/s; the server is SIGKILLed at a random moment and restarted on the same storage; a fresh client counts the edits a second client had received ≥100 ms before the kill that are gone. y-websocket has no persistence here: it is the reference for losing everything.'],
    run: async (server, params) => {
      const runs = await runDurability(server, params.durability);
      const sum = (f: (r: (typeof runs)[number]) => number) => runs.reduce((n, r) => n + f(r), 0);
      const lost = sum((r) => r.missing);
      return [{
        server: serverLabel[server.kind],
        group: String(runs.length),
        cells: [String(sum((r) => r.sent)), String(sum((r) => r.acknowledged)), String(lost), String(runs.filter((r) => r.missing > 0).length), String(Math.max(0, ...runs.map((r) => r.missing)))],
        score: lost,
      }];
    },
  },
  malformed: {
    title: '5. Malformed input',
    groupLabel: 'messages',
    columns: ['server up', 'reader missed edits', 'document intact', 'close codes (× count)'],
    ratioOf: 'reader missed',
    notes: ['One anonymous connection sends truncated varints, unknown message types, random bytes, text frames, garbage sync and awareness payloads, updates that depend on unknown structs and one 10 MiB frame, reconnecting whenever closed, while a writer types 20 edits/s and a reader follows. “Document intact”: a fresh client’s draft equals the writer’s.'],
    run: async (server, params) => {
      const r = await runMalformed(server, params.malformed);
      const codes = [...r.closeCodes].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code}×${n}`).join(', ') || 'none';
      return [{
        server: serverLabel[server.kind],
        group: fmt.int(r.sent),
        cells: [r.serverUp ? 'yes' : '**no**', `${r.readerMissed}/${r.writerEdits}`, r.documentIntact ? 'yes' : '**no**', codes],
        score: r.serverUp ? r.readerMissed : Infinity,
      }];
    },
  },
  'reconnect-storm': {
    title: '6. Reconnect storm',
    groupLabel: 'clients',
    columns: ['all resynced (ms)', 'p50 resync (ms)', 'failed', 'RSS before (MiB)', 'peak RSS (MiB)'],
    ratioOf: 'all resynced',
    notes: ['Readers of a 300-article rulebook drop their connections at once (no close handshake) and reconnect at once; RSS sampled every 20 ms.'],
    run: async (server, params) => {
      const r = await runReconnectStorm(server, params.storm);
      return [{ server: serverLabel[server.kind], group: String(r.clients), cells: [fmt.ms(r.allResyncedMs), fmt.ms(r.p50ResyncMs), String(r.failed), fmt.mib(r.rssBefore), fmt.mib(r.peakRss)], score: r.failed ? Infinity : r.allResyncedMs }];
    },
  },
};

/** Run the scenarios against every server and return one table per scenario. */
export async function runSuite(params: SuiteParams, options: SuiteOptions = {}): Promise<ResultTable[]> {
  const kinds = options.kinds ?? SERVER_KINDS;
  const log = options.log ?? (() => {});
  const dataDir = mkdtempSync(join(tmpdir(), 'amendo-bench-'));
  const shared = new Map<CollabKind, ServerProcess>();
  const start = async (kind: CollabKind, scenario: string) => startServerProcess(kind, mkdtempSync(join(dataDir, `${kind}-${scenario}-`)));
  try {
    if (options.reuseServers) await Promise.all(kinds.map(async (k) => shared.set(k, await start(k, 'shared'))));
    const tables: ResultTable[] = [];
    for (const id of options.scenarios ?? SCENARIOS) {
      const s = scenarios[id];
      const table: ResultTable = { id, title: s.title, groupLabel: s.groupLabel, columns: s.columns, ratioOf: s.ratioOf, rows: [], notes: [...s.notes] };
      for (const kind of s.floor ? [...kinds, 'bare-broadcast' as const] : kinds) {
        const t0 = performance.now();
        const server = shared.get(kind) ?? (await start(kind, id));
        try {
          const rows = await s.run(server, params);
          // The floor is shown, not ranked: it does less than any server compared.
          table.rows.push(...(kind === 'bare-broadcast' ? rows.map((row) => ({ ...row, score: null })) : rows));
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          table.notes.push(`${serverLabel[kind]}: the scenario failed — ${message.slice(0, 300)}`);
          log(`  ${id} / ${kind}: FAILED ${message}\n${server.stderrTail().slice(-1000)}`);
        } finally {
          if (!shared.has(kind)) await server.stop();
        }
        log(`  ${id} / ${kind}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
      // Ratios compare servers within one parameter: keep a group's rows together.
      const groups = [...new Set(table.rows.map((r) => r.group))];
      table.rows.sort((a, b) => groups.indexOf(a.group) - groups.indexOf(b.group));
      tables.push(table);
    }
    return tables;
  } finally {
    await Promise.all([...shared.values()].map((s) => s.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
