import * as Y from 'yjs';
import type { ServerProcess } from '../child-server.js';
import { articleTexts, createRulebookDoc, openFullClient, openWatcher, randomSource, sleep, withTimeout, type Watcher } from '../fixtures.js';
import { marker, type BenchClient } from '../wire.js';

/** How the kill -9 scenario runs. */
export interface DurabilityParams {
  runs: number;
  articles: number;
  editsPerSecond: number;
  /** The kill falls uniformly in this window after the writer starts, in ms. */
  killWindowMs: [number, number];
  /** Edits a reader saw at least this long before the kill must survive it. */
  graceMs: number;
  seed: number;
}

/** One kill. */
export interface DurabilityRun {
  sent: number;
  /** Edits a second client had received at least `graceMs` before the kill. */
  acknowledged: number;
  /** Acknowledged edits missing after the restart. */
  missing: number;
}

/**
 * A writer makes numbered edits, a reader follows; the server is SIGKILLed at a random moment and restarted on the
 * same storage, and a fresh client counts which acknowledged edits survived. The writer and reader then reconnect
 * (the writer's copy restores anything lost, as a real editor would) for the next run.
 */
export async function runDurability(server: ServerProcess, p: DurabilityParams): Promise<DurabilityRun[]> {
  const doc = await createRulebookDoc(server, 'durable', p.articles);
  const random = randomSource(p.seed);
  const writerDoc = new Y.Doc();
  const runs: DurabilityRun[] = [];
  let writer: BenchClient = (await openFullClient(doc, doc.writer, writerDoc)).client;
  let reader: Watcher = openWatcher(doc);
  await withTimeout(reader.client.synced, 20_000, 'reader sync');
  for (let r = 0; r < p.runs; r++) {
    const texts = articleTexts(writerDoc);
    const killAfter = p.killWindowMs[0] + random() * (p.killWindowMs[1] - p.killWindowMs[0]);
    const tags: string[] = [];
    const start = performance.now();
    for (let i = 0; performance.now() - start < killAfter; i++) {
      const tag = `d${r}x${i}`;
      tags.push(tag);
      texts[i % texts.length]!.insert(0, marker(tag));
      const wait = Math.min(start + ((i + 1) * 1000) / p.editsPerSecond, start + killAfter) - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const killedAt = performance.now();
    await server.stop('SIGKILL');
    const acknowledged = tags.filter((t) => (reader.seen.get(t) ?? Infinity) <= killedAt - p.graceMs);
    writer.close();
    reader.client.close();
    await server.restart();
    const verifier = openWatcher(doc);
    await withTimeout(verifier.client.synced, 20_000, 'verifier sync');
    runs.push({ sent: tags.length, acknowledged: acknowledged.length, missing: acknowledged.filter((t) => !verifier.seen.has(t)).length });
    verifier.client.close();
    writer = (await openFullClient(doc, doc.writer, writerDoc)).client;
    reader = openWatcher(doc);
    await withTimeout(reader.client.synced, 20_000, 'reader sync');
    // Give the writer's resync a moment to reach the server before the next run types on.
    await sleep(100);
  }
  writer.close();
  reader.client.close();
  return runs;
}
