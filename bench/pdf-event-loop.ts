// Event loop under PDF exports: latency of `GET /api/rulebooks/:slug` while five 300-article PDFs render, in the
// server's worker pool against the same five laid out in the server's own thread (how exports ran before).
// Usage: npx tsx bench/pdf-event-loop.ts [--articles 300]
import { cpus } from 'node:os';
import { startServer } from '../test/helpers/server.js';
import { organiserWithRulebook } from '../test/helpers/fixtures.js';
import { rulebookMarkdown } from '../test/helpers/draft.js';
import { renderRulebookPdf } from '../server/export/release-document.js';
import { generateRulebook } from './generated-rulebook.js';

const i = process.argv.indexOf('--articles');
const articles = i > 0 ? Number(process.argv[i + 1]) : 300;
const PARALLEL = 5;

const server = await startServer();
const books = await Promise.all(Array.from({ length: PARALLEL }, () => organiserWithRulebook(server, articles, rulebookMarkdown(articles, 100))));
const read = `${server.url}/api/rulebooks/${books[0]!.slug}`;

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** Time reads, one every 10 ms or so (a reader, not a load test), at least `min` of them and until `busy()` turns false. */
async function reads(min: number, busy: () => boolean): Promise<number[]> {
  const times: number[] = [];
  while (times.length < min || busy()) {
    const t0 = performance.now();
    const res = await fetch(read);
    await res.arrayBuffer();
    times.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return times;
}

/** Reads timed while `work` runs, and how long the work took. */
async function during(work: () => Promise<unknown>[]): Promise<{ times: number[]; ms: number }> {
  let running = true;
  const t0 = performance.now();
  const all = Promise.all(work()).finally(() => (running = false));
  const times = await reads(20, () => running);
  await all;
  return { times, ms: performance.now() - t0 };
}

await reads(50, () => false); // warm-up
// One export first so the worker threads are started and warm.
const { slug: small } = await organiserWithRulebook(server, 10);
await (await fetch(`${server.url}/api/rulebooks/${small}/draft/pdf`)).arrayBuffer();
const idle = await reads(300, () => false);
const pooled = await during(() => books.map(async ({ slug }) => {
  const res = await fetch(`${server.url}/api/rulebooks/${slug}/draft/pdf`);
  if (res.status !== 200) throw new Error(`export answered ${res.status}`);
  return res.arrayBuffer();
}));
const view = generateRulebook(articles);
const input = { language: 'fr', view, version: '1.0', status: 'release' as const, date: new Date('2026-11-24T10:00:00Z'), modified: null, publisher: 'Comité', notes: null, sha256: '0'.repeat(64), changes: null };
const inProcess = await during(() => Array.from({ length: PARALLEL }, () => renderRulebookPdf(input)));
await server.close();

const row = (name: string, times: number[], ms?: number) =>
  `| ${name} | ${times.length} | ${percentile(times, 0.5).toFixed(1)} | ${percentile(times, 0.99).toFixed(1)} | ${Math.max(...times).toFixed(1)} | ${ms === undefined ? '–' : ms.toFixed(0)} |`;
console.log(`GET /api/rulebooks/:slug while ${PARALLEL} PDFs of ${articles} articles render (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version})\n`);
console.log('| while | reads | p50 (ms) | p99 (ms) | max (ms) | 5 PDFs done in (ms) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
console.log(row('idle', idle));
console.log(row(`${PARALLEL} PDFs in the worker pool (server)`, pooled.times, pooled.ms));
console.log(row(`${PARALLEL} PDFs laid out in the server's thread (before)`, inProcess.times, inProcess.ms));
console.log(`\np99 under load / idle: pool ${(percentile(pooled.times, 0.99) / percentile(idle, 0.99)).toFixed(2)}×, in process ${(percentile(inProcess.times, 0.99) / percentile(idle, 0.99)).toFixed(2)}×`);
