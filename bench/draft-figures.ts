// Figures for the live draft: time for two organisers' clients to converge on a 300-article rulebook, and the
// server's memory with 1,000 idle read-only connections. The server runs in a child process.
// Usage: npx tsx bench/draft-figures.ts [--readers 1000] [--rounds 20]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket } from 'ws';
import { startChildServer } from './child-server.js';
import { ApiClient, connectProvider, synced, waitFor } from '../test/helpers/client.js';
import { rulebookMarkdown, typeInArticle } from '../test/helpers/draft.js';
import { readDraft } from '../shared/doc/ydoc.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const readers = arg('readers', 1000);
const rounds = arg('rounds', 20);
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const dir = mkdtempSync(join(tmpdir(), 'amendo-bench-'));
const server = await startChildServer({ DATABASE_PATH: join(dir, 'bench.db'), LOG_LEVEL: 'info' });
const collabUrl = server.url.replace(/^http/, 'ws') + '/collab';
try {
  const a = new ApiClient(server.url);
  const b = new ApiClient(server.url);
  await a.signUp('organiser-a');
  const bAccount = await b.signUp('organiser-b');
  await a.post('/api/rulebooks', { slug: 'bench-rules', title: 'Bench', language: 'en' });
  await a.post('/api/rulebooks/bench-rules/members', { email: bAccount.email, role: 'organiser' });
  const imported = await a.post('/api/rulebooks/bench-rules/draft/import', { markdown: rulebookMarkdown(300, 60) });
  const ids: string[] = imported.body.articles.map((x: { id: string }) => x.id);

  // 1. Two organisers connect, each types into a different article at the same moment; time until both hold both edits.
  const syncTimes: number[] = [];
  const convergeTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const pa = connectProvider(collabUrl, 'bench-rules', a.cookieHeader());
    const pb = connectProvider(collabUrl, 'bench-rules', b.cookieHeader());
    await Promise.all([synced(pa), synced(pb)]);
    syncTimes.push(performance.now() - t0);
    const t1 = performance.now();
    typeInArticle(pa.doc, ids[r % 300]!, `A${r} `);
    typeInArticle(pb.doc, ids[(r * 7 + 150) % 300]!, `B${r} `);
    await waitFor(() => {
      const va = readDraft(pa.doc), vb = readDraft(pb.doc);
      return va.articles[(r * 7 + 150) % 300]!.text.startsWith(`B${r} `) && vb.articles[r % 300]!.text.startsWith(`A${r} `);
    }, 10_000, 'convergence');
    convergeTimes.push(performance.now() - t1);
    pa.destroy();
    pb.destroy();
  }

  // 2. Idle read-only connections: lean y-websocket readers (sync step 1, wait for step 2, then stay idle).
  const step1 = (() => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeSyncStep1(e, new Y.Doc());
    return encoding.toUint8Array(e);
  })();
  const keep = connectProvider(collabUrl, 'bench-rules', a.cookieHeader());
  await synced(keep);
  await new Promise((r) => setTimeout(r, 500));
  const rssBefore = server.rss();
  const sockets: WebSocket[] = [];
  const tConnect = performance.now();
  for (let i = 0; i < readers; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, readers - i) }, () => new Promise<void>((resolve, reject) => {
        const ws = new WebSocket(`${collabUrl}/bench-rules`);
        sockets.push(ws);
        ws.once('open', () => ws.send(step1));
        ws.once('message', () => resolve());
        ws.once('error', reject);
      })),
    );
  }
  const connectMs = performance.now() - tConnect;
  await new Promise((r) => setTimeout(r, 1000));
  const rssAfter = server.rss();
  sockets.forEach((s) => s.close());
  keep.destroy();

  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  console.log(`\nAmendo live draft — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}\n`);
  console.log('| measure | p50 | p99 / value |');
  console.log('| --- | --- | --- |');
  console.log(`| 2 organisers connect and sync a 300-article draft (ms) | ${percentile(syncTimes, 50).toFixed(1)} | ${percentile(syncTimes, 99).toFixed(1)} |`);
  console.log(`| concurrent edits converge on both clients (ms) | ${percentile(convergeTimes, 50).toFixed(1)} | ${percentile(convergeTimes, 99).toFixed(1)} |`);
  console.log(`| ${readers} idle read-only connections: time to connect all (ms) | | ${connectMs.toFixed(0)} |`);
  console.log(`| server RSS before → after (MiB) | | ${mb(rssBefore)} → ${mb(rssAfter)} |`);
  console.log(`| RSS per idle connection (KiB) | | ${((rssAfter - rssBefore) / readers / 1024).toFixed(1)} |`);
} finally {
  server.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
// Providers and sockets to a stopped server would keep reconnecting; the figures are printed, so stop here.
process.exit(0);
