import type { ServerProcess } from '../child-server.js';
import { articleTexts, closeAll, connectInBatches, createRulebookDoc, openFullClient, openWatcher, percentile, sleep, until, type BenchDoc } from '../fixtures.js';
import { marker } from '../wire.js';

/** How the held-connections scenario runs. */
export interface ConnectionsParams {
  connections: number;
  documents: number;
  /** Articles per document. */
  articles: number;
  /**
   * Edits timed one after the other on the same readers. A single edit's p99 moved by 2× from run to run on two
   * shared cores (a stall of the server or of the load generator shows up whole); the median of several is what one
   * edit costs.
   */
  edits: number;
}

/** Memory and latency with many idle read-only connections. */
export interface ConnectionsResult {
  connections: number;
  documents: number;
  rssBefore: number;
  rssAfter: number;
  /** Server RSS growth per connection, in bytes. */
  rssPerConnection: number;
  connectMs: number;
  /** p99 delivery of one edit to the readers of the edited document: the median over the edits, one at a time. */
  editP99: number;
  delivered: number;
  expected: number;
  failedToConnect: number;
}

/** Open `connections` idle readers spread over `documents` documents, then deliver edits, one at a time, to one document. */
export async function runConnections(server: ServerProcess, p: ConnectionsParams): Promise<ConnectionsResult> {
  const docs: BenchDoc[] = [];
  for (let d = 0; d < p.documents; d++) docs.push(await createRulebookDoc(server, `held-${p.connections}-${p.documents}-${d}`, p.articles));
  const writer = await openFullClient(docs[0]!, docs[0]!.writer);
  const sentAt: number[] = [];
  const latencies: number[][] = [];
  const record = (tag: string, at: number) => {
    const edit = /^held(\d+)$/.exec(tag);
    if (edit) latencies[Number(edit[1])]!.push(at - sentAt[Number(edit[1])]!);
  };
  await sleep(500);
  const rssBefore = server.rss();
  const t0 = performance.now();
  const { opened, failed } = await connectInBatches(p.connections, 100, (i) => openWatcher(docs[i % p.documents]!, record));
  const connectMs = performance.now() - t0;
  await sleep(1000);
  const rssAfter = server.rss();
  const expected = opened.filter((o, i) => i % p.documents === 0 && o.client.isSynced).length;
  // Found before the clock starts: walking a 300-article draft is the load generator's time, not delivery.
  const text = articleTexts(writer.doc)[0]!;
  for (let edit = 0; edit < p.edits; edit++) {
    latencies.push([]);
    sentAt.push(performance.now());
    text.insert(0, marker(`held${edit}`));
    await until(() => latencies[edit]!.length >= expected, 10_000);
    await sleep(200);
  }
  await closeAll([writer, ...opened]);
  const p99s = latencies.map((l) => percentile(l, 99));
  return {
    connections: p.connections,
    documents: p.documents,
    rssBefore,
    rssAfter,
    rssPerConnection: (rssAfter - rssBefore) / p.connections,
    connectMs,
    editP99: percentile(p99s, 50),
    delivered: latencies.reduce((n, l) => n + l.length, 0),
    expected: expected * p.edits,
    failedToConnect: failed,
  };
}
