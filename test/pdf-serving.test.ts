import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebsocketProvider } from 'y-websocket';
import { startServer, type TestServer } from './helpers/server.js';
import { connectProvider, synced, waitFor } from './helpers/client.js';
import { organiserWithRulebook } from './helpers/fixtures.js';
import { rulebookMarkdown, typeInArticle } from './helpers/draft.js';

const dir = mkdtempSync(join(tmpdir(), 'amendo-pdf-serving-'));
let server: TestServer;
const providers: WebsocketProvider[] = [];
beforeAll(async () => {
  server = await startServer({ databasePath: join(dir, 'amendo.db') });
});
afterAll(async () => {
  providers.forEach((p) => p.destroy());
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The nice value of each thread of this process (field 19 of /proc/self/task/<tid>/stat), by thread id. */
function niceByThread(): Map<number, number> {
  return new Map(readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces) start at field 3.
    return [Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19 - 3])];
  }));
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

describe('PDFs rendered once', () => {
  it('stores a release PDF by its SHA-256 and serves it as immutable, 304 when the client holds it', async () => {
    const { organiser, slug } = await organiserWithRulebook(server, 8);
    await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' });
    const url = `${server.url}/api/rulebooks/${slug}/releases/1.0/pdf`;

    const first = await get(url);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(existsSync(join(dir, 'pdf-cache', `${etag.slice(1, -1)}.pdf`))).toBe(true);

    const again = await get(url);
    expect([again.headers.get('etag'), again.bytes.equals(first.bytes)]).toEqual([etag, true]);
    const held = await get(url, { 'if-none-match': etag });
    expect([held.status, held.bytes.length, held.headers.get('etag')]).toEqual([304, 0, etag]);
    expect((await get(url, { 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  it('renders the draft once per version of its text, and again once it is edited', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 4);
    const url = `${server.url}/api/rulebooks/${slug}/draft/pdf`;
    const first = await get(url);
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    const etag = first.headers.get('etag')!;
    const again = await get(url);
    // Rendered once: the same bytes, export time included.
    expect([again.headers.get('etag'), again.bytes.equals(first.bytes)]).toEqual([etag, true]);
    expect((await get(url, { 'if-none-match': etag })).status).toBe(304);

    const editor = connectProvider(server.collabUrl, slug, organiser.cookieHeader());
    providers.push(editor);
    await synced(editor);
    typeInArticle(editor.doc, draft.articles[0].id, 'Amended. ');
    await waitFor(async () => (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[0].text.startsWith('Amended'));
    const edited = await get(url, { 'if-none-match': etag });
    expect(edited.status).toBe(200);
    expect(edited.headers.get('etag')).not.toBe(etag);
  });
});

describe('PDFs rendered off the event loop', () => {
  it('answers 503 export_busy with Retry-After once the threads are busy and the queue is full', async () => {
    const busy = await startServer({ exportPool: { threads: 1, queue: 1 } });
    try {
      const slugs = await Promise.all([1, 2, 3].map(async () => (await organiserWithRulebook(busy, 60, rulebookMarkdown(60, 60))).slug));
      const answers = await Promise.all(slugs.map((slug) => get(`${busy.url}/api/rulebooks/${slug}/draft/pdf`)));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 503]);
      expect(answers[2]!.headers.get('retry-after')).toBe('5');
      expect(JSON.parse(answers[2]!.bytes.toString()).error.code).toBe('export_busy');
      // Once the line has cleared, the refused export goes through.
      expect((await get(`${busy.url}/api/rulebooks/${slugs[2]}/draft/pdf`)).status).toBe(200);
    } finally {
      await busy.close();
    }
  }, 60_000);

  it.skipIf(process.platform !== 'linux')('lays PDFs out in threads of the lowest priority, leaving the event loop\'s as it was', async () => {
    const { slug } = await organiserWithRulebook(server, 2);
    expect((await get(`${server.url}/api/rulebooks/${slug}/draft/pdf`)).status).toBe(200);
    const nice = niceByThread();
    expect(nice.get(process.pid)).toBe(0);
    expect([...nice.values()]).toContain(19);
    expect([...nice.values()].filter((n) => n === 0).length).toBeGreaterThan(1); // not the whole process
  });

  it('keeps reading a rulebook fast while five large PDFs render', async () => {
    const books = await Promise.all(Array.from({ length: 5 }, () => organiserWithRulebook(server, 80, rulebookMarkdown(80, 100))));
    const read = `${server.url}/api/rulebooks/${books[0]!.slug}`;
    // Warm the threads up, so what follows measures rendering, not their start.
    const { slug: small } = await organiserWithRulebook(server, 2);
    expect((await get(`${server.url}/api/rulebooks/${small}/draft/pdf`)).status).toBe(200);
    const timeReads = async (until: () => boolean, min: number) => {
      const times: number[] = [];
      while (times.length < min || !until()) {
        const t0 = performance.now();
        expect((await get(read)).status).toBe(200);
        times.push(performance.now() - t0);
      }
      return times;
    };
    const idle = await timeReads(() => true, 100);
    let done = 0;
    const exports = books.map(async ({ slug }) => {
      const res = await get(`${server.url}/api/rulebooks/${slug}/draft/pdf`);
      done++;
      return res.status;
    });
    const busy = await timeReads(() => done === books.length, 20);
    expect(await Promise.all(exports)).toEqual([200, 200, 200, 200, 200]);
    // The benchmark (bench/pdf-event-loop.ts) shows p99 about 2× idle (1.6–3× over runs); a shared 2-core CI gets more slack.
    expect(percentile(busy, 0.99)).toBeLessThan(Math.max(10 * percentile(idle, 0.99), 100));
  }, 120_000);
});
