// Event loop under PDF exports: latency of `GET /api/rulebooks/:slug` while five 300-article PDFs render, in the
// server's worker pool against the same five laid out in the server's own thread (how exports ran before). Each
// round reads as an anonymous visitor (answered from the read cache: the event loop's own delay, almost nothing
// else) and as the signed-in organiser (the cache is bypassed: session lookup, rulebook and role queries).
// Usage: npx tsx bench/pdf-event-loop.ts [--articles 300] [--runs 5]
import { cpus } from 'node:os';
import { startServer } from '../test/helpers/server.js';
import { organiserWithRulebook } from '../test/helpers/fixtures.js';
import { rulebookMarkdown } from '../test/helpers/draft.js';
import { renderRulebookPdf } from '../server/export/release-document.js';
import { generateRulebook } from './generated-rulebook.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const articles = arg('--articles', 300);
const runs = arg('--runs', 5);
const PARALLEL = 5;

const server = await startServer();
const books = await Promise.all(Array.from({ length: PARALLEL }, () => organiserWithRulebook(server, articles, rulebookMarkdown(articles, 100))));
const read = `${server.url}/api/rulebooks/${books[0]!.slug}`;
const signedIn = { cookie: books[0]!.organiser.cookieHeader() };

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const median = (xs: number[]) => percentile(xs, 0.5);

interface Reads {
  anonymous: number[];
  signedIn: number[];
}

async function timed(headers: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(read, { headers });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`read answered ${res.status}`);
  return performance.now() - t0;
}

/** Time reads, an anonymous and a signed-in one about every 10 ms (a reader, not a load test), at least `min` of each and until `busy()` turns false. */
async function reads(min: number, busy: () => boolean): Promise<Reads> {
  const times: Reads = { anonymous: [], signedIn: [] };
  while (times.anonymous.length < min || busy()) {
    times.anonymous.push(await timed({}));
    times.signedIn.push(await timed(signedIn));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return times;
}

/**
 * Reads timed while `work` runs, and how long the work took. The reader starts first and the work a random 0–10 ms
 * later, so a read meets the moment the exports are admitted (a few milliseconds of the server's thread each) as
 * often as an independent reader would, rather than every time.
 */
async function during(work: () => Promise<unknown>[]): Promise<{ times: Reads; ms: number }> {
  let running = true;
  const started = new Promise<number>((resolve) => setTimeout(() => resolve(performance.now()), Math.random() * 10));
  const all = started.then((t0) => Promise.all(work()).finally(() => (running = false)).then(() => performance.now() - t0));
  const times = await reads(20, () => running);
  return { times, ms: await all };
}

await reads(50, () => false); // warm-up
// One export first so the worker threads are started and warm.
const { slug: small } = await organiserWithRulebook(server, 10);
await (await fetch(`${server.url}/api/rulebooks/${small}/draft/pdf`)).arrayBuffer();
const view = generateRulebook(articles);
const input = { language: 'fr', view, version: '1.0', status: 'release' as const, date: new Date('2026-11-24T10:00:00Z'), modified: null, publisher: 'Comité', notes: null, sha256: '0'.repeat(64), changes: null };

type Round = { idle: Reads; pooled: { times: Reads; ms: number }; inProcess: { times: Reads; ms: number } };
const rounds: Round[] = [];
for (let run = 0; run < runs; run++) {
  const idle = await reads(300, () => false);
  // A new version of each draft every round, so each export renders (the draft PDF is kept per version).
  for (const { organiser, slug } of books) await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: rulebookMarkdown(articles, 101 + run) });
  const pooled = await during(() => books.map(async ({ slug }) => {
    const res = await fetch(`${server.url}/api/rulebooks/${slug}/draft/pdf`);
    if (res.status !== 200) throw new Error(`export answered ${res.status}`);
    return res.arrayBuffer();
  }));
  const inProcess = await during(() => Array.from({ length: PARALLEL }, () => renderRulebookPdf(input)));
  rounds.push({ idle, pooled, inProcess });
  const ratio = (kind: keyof Reads) => (percentile(pooled.times[kind], 0.99) / percentile(idle[kind], 0.99)).toFixed(2);
  console.error(`run ${run + 1}: pool p99 / idle p99: anonymous ${ratio('anonymous')}×, signed in ${ratio('signedIn')}×, ${PARALLEL} PDFs in ${pooled.ms.toFixed(0)} ms`);
}
await server.close();

// Percentiles over the reads of all runs together (about as many under load as idle), and each run's ratio.
const all = (pick: (r: Round) => Reads, kind: keyof Reads) => rounds.flatMap((r) => pick(r)[kind]);
const row = (name: string, kind: keyof Reads, pick: (r: Round) => Reads, ms?: (r: Round) => number) => {
  const xs = all(pick, kind);
  const reader = kind === 'anonymous' ? 'anonymous (read cache)' : 'signed in';
  return `| ${name} | ${reader} | ${xs.length} | ${median(xs).toFixed(1)} | ${percentile(xs, 0.99).toFixed(1)} | ${Math.max(...xs).toFixed(1)} | ${ms ? median(rounds.map(ms)).toFixed(0) : '–'} |`;
};
console.log(`GET /api/rulebooks/:slug while ${PARALLEL} PDFs of ${articles} articles render (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}), reads of ${runs} runs\n`);
console.log('| while | reader | reads | p50 (ms) | p99 (ms) | max (ms) | 5 PDFs done in (ms, median) |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const kind of ['anonymous', 'signedIn'] as const) {
  console.log(row('idle', kind, (r) => r.idle));
  console.log(row(`${PARALLEL} PDFs in the worker pool (server)`, kind, (r) => r.pooled.times, (r) => r.pooled.ms));
  console.log(row(`${PARALLEL} PDFs laid out in the server's thread (before)`, kind, (r) => r.inProcess.times, (r) => r.inProcess.ms));
}
const p99 = (xs: number[]) => percentile(xs, 0.99);
for (const kind of ['anonymous', 'signedIn'] as const) {
  const each = rounds.map((r) => (p99(r.pooled.times[kind]) / p99(r.idle[kind])).toFixed(2)).join(', ');
  const ratio = (pick: (r: Round) => Reads) => (p99(all(pick, kind)) / p99(all((r) => r.idle, kind))).toFixed(2);
  console.log(`\np99 under load / idle, ${kind === 'anonymous' ? 'anonymous' : 'signed in'}: pool ${ratio((r) => r.pooled.times)}× (each run: ${each}), in process ${ratio((r) => r.inProcess.times)}×`);
}
