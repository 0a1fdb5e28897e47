import * as Y from 'yjs';
import { ApiClient } from '../test/helpers/client.js';
import { rulebookMarkdown } from '../test/helpers/draft.js';
import { parseRulebookMarkdown } from '../shared/doc/markdown.js';
import { draftFragment, writeDraftDoc } from '../shared/doc/ydoc.js';
import type { ServerProcess } from './child-server.js';
import { BenchClient, markerTags, type ClientIdentity, type DocAddress } from './wire.js';

/** Words per article body in bench rulebooks (about 600 characters each). */
const WORDS_PER_ARTICLE = 60;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolve `promise`, or reject after `ms` with a message naming `what`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}

/** Poll `check` every 10 ms until it holds or `ms` passes; returns whether it held. */
export async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

/** The p-th percentile (nearest rank) of `xs`, or NaN when empty. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A seeded pseudo-random generator (mulberry32), so fuzzing and kill times are reproducible. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A document on a server, and the identity that may write it. */
export interface BenchDoc extends DocAddress {
  writer: ClientIdentity;
}

const organisers = new WeakMap<ServerProcess, ApiClient>();

/** One organiser account per Amendo server, registered through the API (and signed in again after a restart). */
async function organiserOf(server: ServerProcess): Promise<ApiClient> {
  const known = organisers.get(server);
  if (known?.baseUrl === server.url) return known;
  const api = new ApiClient(server.url);
  if (known) known.cookies.forEach((value, key) => api.cookies.set(key, value));
  else await api.signUp('bench-organiser');
  organisers.set(server, api);
  return api;
}

/**
 * Create a document holding a rulebook of `articles` articles. Amendo: an organiser creates the rulebook and
 * imports it through the API. The others: a writer client pushes the same draft, built locally by Amendo's
 * Markdown import, and leaves once a second client has received it.
 */
export async function createRulebookDoc(server: ServerProcess, name: string, articles: number): Promise<BenchDoc> {
  const markdown = rulebookMarkdown(articles, WORDS_PER_ARTICLE);
  if (server.kind === 'amendo') {
    const api = await organiserOf(server);
    const created = await api.post('/api/rulebooks', { slug: name, title: name, language: 'en' });
    if (created.status !== 201) throw new Error(`create rulebook: ${created.status} ${JSON.stringify(created.body)}`);
    const imported = await api.post(`/api/rulebooks/${name}/draft/import`, { markdown });
    if (imported.status !== 200) throw new Error(`import: ${imported.status} ${JSON.stringify(imported.body)}`);
    return { server, doc: name, writer: { cookie: api.cookieHeader(), writer: true } };
  }
  const parsed = parseRulebookMarkdown(markdown);
  if (!parsed.ok) throw new Error(parsed.message);
  const local = new Y.Doc();
  writeDraftDoc(local, parsed.doc, null);
  const doc: BenchDoc = { server, doc: name, writer: { writer: true } };
  const seeder = new BenchClient(doc, { ...doc.writer, doc: local });
  await withTimeout(seeder.synced, 10_000, 'seeding writer sync');
  try {
    await withTimeout(
      (async () => {
        for (;;) {
          const probe = await openFullClient(doc, {});
          const n = articleIds(probe.doc).length;
          probe.client.close();
          if (n >= articles) return;
          await sleep(20);
        }
      })(),
      10_000,
      'seeded document',
    );
  } finally {
    seeder.close();
    await seeder.closed;
  }
  return doc;
}

/** A client holding a Y.Doc, connected and synced. */
export async function openFullClient(address: DocAddress, identity: ClientIdentity, doc = new Y.Doc()): Promise<{ client: BenchClient; doc: Y.Doc }> {
  const client = new BenchClient(address, { ...identity, doc });
  await withTimeout(client.synced, 20_000, `${address.server.kind} full client sync`);
  return { client, doc };
}

/** Ids of the articles of a draft, in order. */
export function articleIds(doc: Y.Doc): string[] {
  return draftFragment(doc)
    .toArray()
    .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'article')
    .map((n) => n.getAttribute('id') as string);
}

/** The first paragraph's text node of each article, for typing without searching the fragment every time. */
export function articleTexts(doc: Y.Doc): Y.XmlText[] {
  return draftFragment(doc)
    .toArray()
    .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'article')
    .map((a) => (a.get(1) as Y.XmlElement).get(0) as Y.XmlText);
}

/** A watching reader: records when each edit marker first arrives. */
export interface Watcher {
  client: BenchClient;
  /** Marker tag → arrival time (performance.now()). */
  seen: Map<string, number>;
}

/** Open a read-only client that keeps no document and notes the arrival of every edit marker. */
export function openWatcher(address: DocAddress, onTag?: (tag: string, at: number) => void): Watcher {
  const seen = new Map<string, number>();
  const client = new BenchClient(address, {
    onUpdate: (update, at) => {
      for (const tag of markerTags(update)) {
        if (seen.has(tag)) continue;
        seen.set(tag, at);
        onTag?.(tag, at);
      }
    },
  });
  return { client, seen };
}

/**
 * Open `count` clients with `open`, `batch` at a time, each batch waiting for its clients to sync; returns the
 * clients and how many failed to sync within `timeoutMs` per batch.
 */
export async function connectInBatches<T extends { client: BenchClient }>(count: number, batch: number, open: (i: number) => T, timeoutMs = 30_000): Promise<{ opened: T[]; failed: number }> {
  const opened: T[] = [];
  let failed = 0;
  for (let i = 0; i < count; i += batch) {
    const group = Array.from({ length: Math.min(batch, count - i) }, (_, k) => open(i + k));
    opened.push(...group);
    const results = await Promise.allSettled(group.map((g) => withTimeout(g.client.synced, timeoutMs, 'client sync')));
    failed += results.filter((r) => r.status === 'rejected').length;
  }
  return { opened, failed };
}

/** Close every client and give the server a moment to notice. */
export async function closeAll(clients: Array<{ client: BenchClient }>): Promise<void> {
  for (const c of clients) c.client.close();
  await Promise.race([Promise.all(clients.map((c) => c.client.closed)), sleep(5_000)]);
}

/** Sample the server's RSS every `everyMs` until stopped; returns the peak. */
export function sampleRss(server: ServerProcess, everyMs = 20): { stop(): number } {
  let peak = 0;
  const take = () => {
    try {
      peak = Math.max(peak, server.rss());
    } catch {
      // process gone
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}
