import type { ServerProcess } from '../child-server.js';
import { articleTexts, closeAll, connectInBatches, createRulebookDoc, openFullClient, openWatcher, percentile, sleep, until } from '../fixtures.js';
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

/** One writer types `editsPerSecond` timestamped edits into a rulebook followed by `readers` read-only clients. */
export async function runFanOut(server: ServerProcess, p: FanOutParams): Promise<FanOutResult> {
  const doc = await createRulebookDoc(server, `fanout-${p.readers}`, p.articles);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const record = (tag: string, at: number) => {
    const t0 = sentAt.get(tag);
    if (t0 !== undefined) latencies.push(at - t0);
  };
  const { opened: readers, failed } = await connectInBatches(p.readers, 100, () => openWatcher(doc, record));
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
  const expected = edits * (p.readers - failed);
  await until(() => latencies.length >= expected, 10_000);
  await closeAll([writer, ...readers]);
  return {
    readers: p.readers,
    edits,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    missing: Math.max(0, expected - latencies.length),
    failedToConnect: failed,
  };
}
