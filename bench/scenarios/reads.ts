import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { WebSocket } from 'ws';
import { ApiClient } from '../../test/helpers/client.js';
import { startServerProcess, type ServerProcess } from '../child-server.js';
import { percentile, withTimeout } from '../fixtures.js';
import { fmt, type ResultRow, type ResultTable } from '../report.js';
import { BenchClient } from '../wire.js';

/** How the read benchmark runs. */
export interface ReadsParams {
  /** Concurrent HTTP connections per route (the issue's `wrk -c20`). */
  connections: number;
  /** Seconds measured per route, after `warmupSeconds` unmeasured. */
  seconds: number;
  warmupSeconds: number;
  /** Anonymous visitors loading the page at once, each again and again, for `seconds`. */
  visitors: number;
}

/** One measured target: a route (or a whole page view) and its figures. */
export interface ReadResult {
  target: string;
  /** Status and size of one response, and the headers that matter for caching. */
  status: string;
  bytes: number;
  headers: string;
  /** Requests (or page views) per second. */
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers that were not the expected status, and connection errors. */
  unexpected: number;
  /** Requests per second relative to the bare Fastify route in the same run (null for page views). */
  timesBare: number | null;
}

/** The demo rulebook every route reads. */
const SLUG = 'cm-annee-2027';
const API = `/api/rulebooks/${SLUG}`;
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';

interface Target {
  name: string;
  path: string;
  headers?: Record<string, string>;
}

/** One response's status, body size and caching headers, as a first visitor gets them. */
async function probe(base: string, target: Target): Promise<{ status: number; bytes: number; headers: string; etag: string | null }> {
  const res = await fetch(base + target.path, { headers: target.headers });
  const bytes = (await res.arrayBuffer()).byteLength;
  const shown = ['etag', 'cache-control', 'content-encoding'].flatMap((h) => (res.headers.get(h) ? [`${h}: ${res.headers.get(h)!.slice(0, 40)}`] : []));
  return { status: res.status, bytes, headers: shown.join('; ') || '—', etag: res.headers.get('etag') };
}

/** Load `path` with autocannon: requests per second and latency percentiles. */
async function hammer(url: string, headers: Record<string, string>, p: ReadsParams, expected: number): Promise<{ perSecond: number; p50: number; p99: number; unexpected: number }> {
  await autocannon({ url, headers, connections: p.connections, duration: p.warmupSeconds });
  const r = await autocannon({ url, headers, connections: p.connections, duration: p.seconds });
  const codes = (r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const unexpected = Object.entries(codes).reduce((n, [code, s]) => n + (Number(code) === expected ? 0 : s.count), 0) + r.errors;
  return { perSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, unexpected };
}

/** The page's scripts and style sheets, as its HTML names them. */
function assetsOf(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
}

/**
 * One anonymous page view, as the browser makes it (`/r/:slug`, recorded with Chromium): the HTML, its script and
 * style sheet, the CSRF token and who is signed in, the events socket, the rulebook, its recent amendments, comment
 * counts and releases, then the collab socket until its first sync. `validators` holds the ETags of a previous view
 * (a returning visitor revalidates), or null for a first visit.
 */
async function viewPage(server: ServerProcess, validators: Map<string, string> | null): Promise<number> {
  const t0 = performance.now();
  const get = async (path: string) => {
    const headers: Record<string, string> = { 'accept-encoding': BROWSER_ENCODINGS };
    const etag = validators?.get(path);
    if (etag) headers['if-none-match'] = etag;
    const res = await fetch(server.url + path, { headers });
    const body = await res.text();
    if (res.status !== 200 && res.status !== 304) throw new Error(`GET ${path}: ${res.status}`);
    return body;
  };
  const html = await get(`/r/${SLUG}`);
  const events = new WebSocket(`${server.url.replace(/^http/, 'ws')}/events/${SLUG}`);
  const eventsOpen = new Promise<void>((resolve, reject) => {
    events.once('open', () => resolve());
    events.once('error', reject);
  });
  await Promise.all([...(validators ? [] : assetsOf(html)).map(get), get('/api/csrf'), get('/api/me')]);
  await Promise.all([eventsOpen, get(API), get(`${API}/amendments?sort=recent`), get(`${API}/comments/counts`), get(`${API}/releases`)]);
  const collab = new BenchClient({ server, doc: SLUG });
  await withTimeout(collab.synced, 10_000, 'page view: collab sync');
  const elapsed = performance.now() - t0;
  collab.close();
  events.close();
  return elapsed;
}

/** Page views: how many per second, their latency, and the views that failed. */
export interface PageViewResult {
  perSecond: number;
  p50: number;
  p99: number;
  unexpected: number;
  firstError: string;
}

/**
 * `visitors` anonymous visitors viewing the demo rulebook's page again and again for `seconds`, spread evenly over
 * `servers` (visitor i on server i mod n; several instances serve the same database).
 */
export async function viewPages(servers: readonly ServerProcess[], p: ReadsParams, returning: boolean): Promise<PageViewResult> {
  let validators: Map<string, string> | null = null;
  if (returning) {
    validators = new Map();
    for (const path of [`/r/${SLUG}`, '/api/me', API, `${API}/amendments?sort=recent`, `${API}/comments/counts`, `${API}/releases`]) {
      const etag = (await probe(servers[0]!.url, { name: path, path })).etag;
      if (etag) validators.set(path, etag);
    }
  }
  const times: number[] = [];
  let failed = 0;
  let firstError = '';
  const deadline = performance.now() + p.seconds * 1000;
  const visitor = async (server: ServerProcess) => {
    while (performance.now() < deadline) {
      try {
        times.push(await viewPage(server, validators));
      } catch (err) {
        if (failed++ === 0) firstError = err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: p.visitors }, (_, i) => visitor(servers[i % servers.length]!)));
  return { perSecond: times.length / p.seconds, p50: percentile(times, 50), p99: percentile(times, 99), unexpected: failed, firstError };
}

/** An Amendo server for page views: the demo rulebook seeded into its empty database, the built client served. */
export const demoServerEnv = { SEED_DEMO: 'true', CLIENT_DIR: 'dist/client', NODE_ENV: 'development' };

/** Sign in as the demo organiser and publish release 1.0 of the demo rulebook, for the release routes. */
async function publishDemoRelease(server: ServerProcess): Promise<void> {
  const api = new ApiClient(server.url);
  const login = await api.post('/api/auth/login', { email: 'camille@demo.amendo', password: 'amendo-demo' });
  if (login.status !== 200) throw new Error(`demo sign-in failed: ${login.status}`);
  const published = await api.post(`${API}/releases`, { version: '1.0' });
  if (published.status !== 201) throw new Error(`publishing 1.0 failed: ${published.status} ${JSON.stringify(published.body)}`);
}

/**
 * The read benchmark: Amendo (`server/main.ts` on a fresh demo database, serving the built client) and a bare
 * Fastify route returning 2 KB of JSON, each in its own process, loaded in turn by autocannon from this process.
 */
export async function runReads(p: ReadsParams, log: (line: string) => void = () => {}): Promise<ReadResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'amendo-reads-'));
  const amendo = await startServerProcess('amendo', dataDir, demoServerEnv);
  const bare = await startServerProcess('bare-fastify', dataDir);
  try {
    await publishDemoRelease(amendo);
    const rulebookEtag = (await probe(amendo.url, { name: '', path: API })).etag;
    const pdf = `${API}/releases/1.0/pdf`;
    const pdfBytes = (await probe(amendo.url, { name: '', path: pdf })).bytes;
    const sameBytes = `bare Fastify, ${fmt.int(pdfBytes)} bytes (the PDF's size)`;
    // Each row is compared with the 2 KB route, but a large body with a bare route sending as many bytes.
    const targets: Array<Target & { server: ServerProcess<'amendo' | 'bare-fastify'>; expected: number; anchor?: string }> = [
      { name: 'bare Fastify, 2 KB JSON', path: '/', server: bare, expected: 200 },
      { name: sameBytes, path: `/bytes/${pdfBytes}`, server: bare, expected: 200 },
      { name: `GET ${API}`, path: API, server: amendo, expected: 200 },
      { name: `GET ${API}/draft`, path: `${API}/draft`, server: amendo, expected: 200 },
      { name: `GET ${API}/amendments`, path: `${API}/amendments`, server: amendo, expected: 200 },
      { name: `GET ${API}/comments/counts`, path: `${API}/comments/counts`, server: amendo, expected: 200 },
      { name: `GET ${API}/releases/1.0`, path: `${API}/releases/1.0`, server: amendo, expected: 200 },
      { name: `GET ${pdf}`, path: pdf, server: amendo, expected: 200, anchor: sameBytes },
      { name: `GET /r/${SLUG}/releases/1.0 (server-rendered page)`, path: `/r/${SLUG}/releases/1.0`, server: amendo, expected: 200 },
      ...(rulebookEtag ? [{ name: `GET ${API}, If-None-Match (304)`, path: API, headers: { 'if-none-match': rulebookEtag }, server: amendo, expected: 304 }] : []),
      { name: `GET ${API}/draft, browser Accept-Encoding`, path: `${API}/draft`, headers: { 'accept-encoding': BROWSER_ENCODINGS }, server: amendo, expected: 200 },
    ];
    const results: ReadResult[] = [];
    const rates = new Map<string, number>();
    for (const t of targets) {
      const seen = await probe(t.server.url, t);
      const r = await hammer(t.server.url + t.path, t.headers ?? {}, p, t.expected);
      rates.set(t.name, r.perSecond);
      const anchor = rates.get(t.anchor ?? targets[0]!.name)!;
      results.push({ target: t.name, status: String(seen.status), bytes: seen.bytes, headers: seen.headers, ...r, timesBare: r.perSecond / anchor });
      log(`  reads: ${t.name}: ${r.perSecond.toFixed(0)} req/s`);
    }
    for (const returning of [false, true]) {
      const r = await viewPages([amendo], p, returning);
      const name = returning ? `page view /r/${SLUG}, returning visitor (revalidates)` : `page view /r/${SLUG}, first visit`;
      const requests = returning ? '7 requests and 2 WebSocket handshakes' : '9 requests and 2 WebSocket handshakes';
      results.push({ target: name, status: 'views', bytes: NaN, headers: requests, perSecond: r.perSecond, p50: r.p50, p99: r.p99, unexpected: r.unexpected, timesBare: null });
      log(`  reads: ${name}: ${r.perSecond.toFixed(1)} views/s${r.firstError ? ` (first failure: ${r.firstError})` : ''}`);
    }
    if (!amendo.alive()) throw new Error(`Amendo exited: ${amendo.stderrTail()}`);
    return results;
  } finally {
    await Promise.all([amendo.stop(), bare.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `npm run bench -- --only reads`, and its smoke-test size. */
export const readsParams = {
  quick: { connections: 20, seconds: 5, warmupSeconds: 1, visitors: 10 },
  full: { connections: 20, seconds: 10, warmupSeconds: 2, visitors: 20 },
  tiny: { connections: 2, seconds: 0.5, warmupSeconds: 0.2, visitors: 2 },
} satisfies Record<string, ReadsParams>;

/** The read benchmark's results as a report table. */
export function readsTable(results: ReadResult[]): ResultTable {
  const rows: ResultRow[] = results.map((r) => ({
    server: r.target,
    group: r.status,
    cells: [Number.isFinite(r.bytes) ? fmt.int(r.bytes) : '', fmt.int(Math.round(r.perSecond)), fmt.ms(r.p50), fmt.ms(r.p99), r.timesBare === null ? '' : r.timesBare.toFixed(3), String(r.unexpected), r.headers],
    score: null,
  }));
  return {
    id: 'reads',
    title: '7. Reads',
    subjectLabel: 'route',
    groupLabel: 'status',
    columns: ['bytes', 'req/s (views/s)', 'p50 ms', 'p99 ms', '× bare Fastify', 'unexpected', 'caching headers'],
    ratioOf: '',
    rows,
    notes: [
      'autocannon from the bench process, 20 connections, 5 s per route after 1 s of warm-up, against `server/main.ts` on a fresh demo database (release 1.0 published first) and, in the same run, a bare Fastify route answering 2 KB of JSON (the release PDF is compared with a bare route answering as many bytes: with a large body the load generator, in the same process, is what limits both). Routes are requested without `Accept-Encoding` (as `wrk` does) unless the row says otherwise.',
      'A page view is what Chromium requests for `/r/cm-annee-2027` signed out: the HTML, its script and style sheet (first visit only: they are hashed, cached by the browser), `/api/csrf`, `/api/me`, the rulebook, its recent amendments, comment counts and releases, the `/events` WebSocket handshake and the `/collab` handshake until the first sync; 10 visitors at once, each again and again. A returning visitor sends the ETags it was given.',
    ],
  };
}
