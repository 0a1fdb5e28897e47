import type { ServerProcess } from '../child-server.js';
import { closeAll, connectInBatches, createRulebookDoc, openWatcher, percentile, sampleRss, sleep, withTimeout } from '../fixtures.js';

/** How the reconnect storm runs. */
export interface StormParams {
  clients: number;
  articles: number;
}

/** Time for every client to resync after all dropped at once, and the server's memory meanwhile. */
export interface StormResult {
  clients: number;
  /** From the drop until the last client had synced again. */
  allResyncedMs: number;
  p50ResyncMs: number;
  failed: number;
  rssBefore: number;
  peakRss: number;
}

/** `clients` readers drop their connections at the same moment and reconnect at once. */
export async function runReconnectStorm(server: ServerProcess, p: StormParams): Promise<StormResult> {
  const doc = await createRulebookDoc(server, `storm-${p.clients}`, p.articles);
  const { opened } = await connectInBatches(p.clients, 100, () => openWatcher(doc));
  await sleep(500);
  const rssBefore = server.rss();
  const sampler = sampleRss(server);
  const t0 = performance.now();
  for (const o of opened) o.client.drop();
  const again = opened.map(() => openWatcher(doc));
  const times: number[] = [];
  const results = await Promise.allSettled(again.map((w) => withTimeout(w.client.synced, 60_000, 'resync').then(() => times.push(performance.now() - t0))));
  const peakRss = sampler.stop();
  await closeAll(again);
  return {
    clients: p.clients,
    allResyncedMs: times.length ? Math.max(...times) : NaN,
    p50ResyncMs: percentile(times, 50),
    failed: results.filter((r) => r.status === 'rejected').length,
    rssBefore,
    peakRss,
  };
}
