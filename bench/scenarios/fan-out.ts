import type { ServerProcess } from '../child-server.js';
import { articleTexts, closeAll, connectInBatches, createRulebookDoc, openFullClient, openWatcher, percentile, sleep, until, type BenchDoc } from '../fixtures.js';
import { marker } from '../wire.js';

/** How the fan-out scenario runs. */
export interface FanOutParams {
  readers: number;
  articles: number;
  editsPerSecond: number;
  durationMs: number;
}

/** Latency from the writer's change to each reader receiving it. */
export interface FanOutResult {
  readers: number;
  edits: number;
  p50: number;
  p99: number;
  max: number;
  /** Deliveries (reader × edit) that never arrived within the wait. */
  missing: number;
  failedToConnect: number;
}

/** When each edit (by its marker tag) reached one reader: [tag, performance.now()]. */
export type Arrivals = Array<[tag: string, at: number]>;

/** What one fan-out run measured, per server its readers were connected to (in the order given). */
export interface FanOutSample {
  edits: number;
  /** Each edit's marker tag → when the writer made it (performance.now()). */
  sentAt: Map<string, number>;
  perServer: Array<{ readers: number; failedToConnect: number; arrivals: Arrivals }>;
}

/** How long after `since` (tag → time) each arrival came; arrivals of tags `since` lacks are left out. */
export function delays(arrivals: Arrivals, since: Map<string, number>): number[] {
  return arrivals.flatMap(([tag, at]) => {
    const t0 = since.get(tag);
    return t0 === undefined ? [] : [at - t0];
  });
}

/**
 * One writer, on `doc`'s server, types `editsPerSecond` timestamped edits while `p.readers` read-only clients follow,
 * spread evenly over `readersOn` (reader i on server i mod n).
 */
export async function measureFanOut(doc: BenchDoc, readersOn: readonly ServerProcess[], p: FanOutParams): Promise<FanOutSample> {
  const sentAt = new Map<string, number>();
  const perServer = readersOn.map(() => ({ readers: 0, failedToConnect: 0, arrivals: [] as Arrivals }));
  const { opened: readers } = await connectInBatches(p.readers, 100, (i) => {
    const on = perServer[i % readersOn.length]!;
    on.readers++;
    return openWatcher({ server: readersOn[i % readersOn.length]!, doc: doc.doc }, (tag, at) => on.arrivals.push([tag, at]));
  });
  readers.forEach((r, i) => {
    if (!r.client.isSynced) perServer[i % readersOn.length]!.failedToConnect++;
  });
  const writer = await openFullClient(doc, doc.writer);
  const texts = articleTexts(writer.doc);
  const edits = Math.round((p.durationMs / 1000) * p.editsPerSecond);
  const start = performance.now();
  for (let i = 0; i < edits; i++) {
    const due = start + (i * 1000) / p.editsPerSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const tag = `f${i}`;
    sentAt.set(tag, performance.now());
    texts[i % texts.length]!.insert(0, marker(tag));
  }
  const expected = perServer.reduce((n, s) => n + edits * (s.readers - s.failedToConnect), 0);
  await until(() => perServer.reduce((n, s) => n + s.arrivals.length, 0) >= expected, 10_000);
  await closeAll([writer, ...readers]);
  return { edits, sentAt, perServer };
}

/** Percentiles of one set of delivery latencies, and how many of `expected` deliveries never came. */
export function latencyFigures(latencies: number[], expected: number): { p50: number; p99: number; max: number; missing: number } {
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: percentile(latencies, 100), missing: Math.max(0, expected - latencies.length) };
}

/** One writer types `editsPerSecond` timestamped edits into a rulebook followed by `readers` read-only clients. */
export async function runFanOut(server: ServerProcess, p: FanOutParams): Promise<FanOutResult> {
  const doc = await createRulebookDoc(server, `fanout-${p.readers}`, p.articles);
  const { edits, sentAt, perServer } = await measureFanOut(doc, [server], p);
  const { arrivals, readers, failedToConnect } = perServer[0]!;
  return { readers: p.readers, edits, ...latencyFigures(delays(arrivals, sentAt), edits * (readers - failedToConnect)), failedToConnect };
}
