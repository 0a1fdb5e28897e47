import fp from 'fastify-plugin';
import type { OutgoingHttpHeaders } from 'node:http';
import { SESSION_COOKIE } from './auth.js';
import { findRulebook } from '../domain/rulebooks.js';
import { strongEtag } from './http-cache.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answers to anonymous readers may be kept by the read cache (a rulebook's public pages, `:slug` in the path). */
    readCache?: boolean;
  }
  interface FastifyInstance {
    /** Anonymous answers of rulebooks' public pages, kept until something about the rulebook changes. */
    readCache: ReadCache;
  }
  interface FastifyRequest {
    /** When this request's answer may be kept: the change count as it started. */
    readCacheFrom?: number;
  }
}

/** How long an answer is kept at most, for what changes with time alone (a consultation opening, supports shown at its close). */
const KEPT_MS = 1000;
/** Bytes of answers kept at most (the least recently used go first), and the largest answer kept. */
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
const MAX_BYTES = 4 * 1024 * 1024;
/** Headers of a kept answer that are sent again (the rest, such as its length, follow from the body). */
const KEPT_HEADERS = ['content-type', 'etag', 'cache-control', 'content-disposition', 'vary'];

interface Entry {
  rulebookId: string;
  /** The change count when the answer began to be computed: changes after it make it stale. */
  from: number;
  keptAt: number;
  bytes: number;
  payload: string | Buffer;
  headers: OutgoingHttpHeaders;
}

/**
 * The answers anonymous readers get from a rulebook's public pages, by URL. An answer is served again until
 * something about its rulebook changes (`changed`, called once per committed command and per draft update, and for
 * changes on other instances through Redis), for at most a second (what changes with time alone). An answer
 * computed while its rulebook changed is not kept.
 */
export class ReadCache {
  private changes = 0;
  private readonly changedAt = new Map<string, number>();
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** Answers served from the cache, and answers computed that could have been: for tests and benchmarks. */
  readonly stats = { hits: 0, misses: 0 };

  constructor(private readonly usable: () => boolean) {}

  /** Something about a rulebook changed: what is kept about it is stale from now on. */
  changed(rulebookId: string): void {
    this.changedAt.set(rulebookId, ++this.changes);
  }

  /** The kept answer for a URL, if still valid. */
  get(url: string, now: number): Entry | null {
    const entry = this.entries.get(url);
    if (!entry) return null;
    if (now - entry.keptAt >= KEPT_MS || (this.changedAt.get(entry.rulebookId) ?? 0) > entry.from) {
      this.forget(url);
      return null;
    }
    // Least recently used last out.
    this.entries.delete(url);
    this.entries.set(url, entry);
    return entry;
  }

  /** The change count now, to pass to `keep` once the answer is computed. */
  begin(): number {
    return this.changes;
  }

  /** Keep an answer computed from `from` on, unless its rulebook changed meanwhile. */
  keep(url: string, rulebookId: string, from: number, payload: string | Buffer, headers: OutgoingHttpHeaders, now: number): void {
    const bytes = Buffer.byteLength(payload);
    if ((this.changedAt.get(rulebookId) ?? 0) > from || bytes > MAX_BYTES) return;
    this.forget(url);
    while (this.bytes + bytes > MAX_TOTAL_BYTES) this.forget(this.entries.keys().next().value!);
    this.entries.set(url, { rulebookId, from, keptAt: now, bytes, payload, headers });
    this.bytes += bytes;
  }

  private forget(url: string): void {
    const entry = this.entries.get(url);
    if (!entry) return;
    this.entries.delete(url);
    this.bytes -= entry.bytes;
  }

  /** Whether answers may be kept and served now (not while other instances' changes cannot be heard). */
  get enabled(): boolean {
    return this.usable();
  }
}

/**
 * Serves anonymous GETs of the routes marked `config: { readCache: true }` from the read cache, and keeps their 200
 * answers. Registered before the HTTP cache, whose ETags and compressed bodies then apply to kept answers too.
 */
export const readCachePlugin = fp(
  async (app) => {
    const cache = new ReadCache(() => !app.fanout || app.fanout.connected);
    app.decorate('readCache', cache);
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' || !request.routeOptions.config.readCache || !cache.enabled) return;
      if (request.headers.cookie?.includes(`${SESSION_COOKIE}=`)) return; // someone signed in: answers are theirs
      const entry = cache.get(request.url, performance.now());
      if (!entry) {
        cache.stats.misses++;
        request.readCacheFrom = cache.begin();
        return;
      }
      cache.stats.hits++;
      for (const [name, value] of Object.entries(entry.headers)) if (value !== undefined) reply.header(name, value);
      return reply.send(entry.payload);
    });
    app.addHook('onSend', async (request, reply, payload) => {
      const from = request.readCacheFrom;
      if (from === undefined || reply.statusCode !== 200 || !(typeof payload === 'string' || Buffer.isBuffer(payload))) return payload;
      const slug = (request.params as { slug?: string }).slug;
      if (!slug) return payload;
      const rulebook = await findRulebook(app.domain, slug);
      // The HTTP cache would hash the body for its ETag on every hit: hash it once, now.
      if (!reply.hasHeader('etag')) reply.header('etag', strongEtag(payload));
      const headers: OutgoingHttpHeaders = {};
      for (const name of KEPT_HEADERS) if (reply.hasHeader(name)) headers[name] = reply.getHeader(name) as string;
      cache.keep(request.url, rulebook.id, from, payload, headers, performance.now());
      return payload;
    });
  },
  { name: 'read-cache' },
);
