import fp from 'fastify-plugin';
import compress from '@fastify/compress';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** `Cache-Control` of what never changes at its URL (the client's content-hashed assets). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * `Cache-Control` of public answers that may change at their URL: any cache may keep them but must revalidate
 * (a `304` when the ETag still matches).
 */
export const REVALIDATE = 'public, no-cache';

/** Bodies smaller than this are sent as they are: compressing them saves less than it costs. */
const COMPRESS_FROM_BYTES = 1024;
/** Compressed bodies kept, by ETag and encoding (a popular page's few answers, many times over). */
const COMPRESSED_KEPT = 256;

/** A strong ETag for a response body. */
export function strongEtag(body: string | Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Whether an `If-None-Match` header names `etag` (`*`, or one of its tags by weak comparison, RFC 9110 §13.1.2). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

type Encoding = 'br' | 'gzip';

/** The encoding to answer with for an `Accept-Encoding` header: brotli, else gzip, else none. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Set<string>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name && (q === undefined || Number(q) > 0)) accepted.add(name);
  }
  return accepted.has('br') ? 'br' : accepted.has('gzip') ? 'gzip' : null;
}

/** Compressed bodies by ETag and encoding, the oldest forgotten first. */
class CompressedBodies {
  private readonly kept = new Map<string, Buffer>();

  get(etag: string, encoding: Encoding, body: string | Buffer): Buffer {
    const key = `${encoding} ${etag}`;
    let compressed = this.kept.get(key);
    if (compressed) return compressed;
    compressed = encoding === 'br' ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : gzipSync(body);
    if (this.kept.size >= COMPRESSED_KEPT) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(key, compressed);
    return compressed;
  }
}

/**
 * HTTP caching for every GET: files under `immutablePrefix` (named after their content) kept a year; a strong ETag on each 200 answer held in memory (the one a route set from a version
 * it knows, else a hash of the body) and `304 Not Modified` when the client already holds it. JSON and HTML are
 * compressed for clients that accept it: answers in memory here, once per ETag and encoding (a body that has not
 * changed is not compressed again); streamed files by `@fastify/compress`, registered before the routes since it
 * attaches itself to each route as it is declared. The ETag is that of the uncompressed body, the same for every
 * encoding (`Vary: Accept-Encoding` keeps shared caches from mixing them). WebSocket upgrades send no body and
 * `permessage-deflate` stays off, so live sockets are never compressed.
 */
export const httpCachePlugin = fp<{ immutablePrefix?: string }>(
  async (app, opts) => {
    const compressed = new CompressedBodies();
    app.addHook('onSend', (request, reply, payload, done) => {
      const prefix = opts.immutablePrefix;
      if (prefix && reply.statusCode === 200 && request.url.startsWith(prefix)) reply.header('cache-control', IMMUTABLE);
      const inMemory = typeof payload === 'string' || Buffer.isBuffer(payload);
      if (!inMemory || reply.statusCode !== 200 || (request.method !== 'GET' && request.method !== 'HEAD')) return done(null, payload);
      let etag = reply.getHeader('etag');
      if (typeof etag !== 'string') {
        etag = strongEtag(payload);
        reply.header('etag', etag);
      }
      if (matchesEtag(request.headers['if-none-match'], etag)) {
        reply.code(304);
        return done(null, '');
      }
      const type = String(reply.getHeader('content-type') ?? '');
      if (Buffer.byteLength(payload) < COMPRESS_FROM_BYTES || !/^(application\/json|text\/)/.test(type) || reply.hasHeader('content-encoding')) return done(null, payload);
      reply.header('vary', 'accept-encoding');
      const encoding = chooseEncoding(request.headers['accept-encoding']);
      if (!encoding) return done(null, payload);
      reply.header('content-encoding', encoding);
      done(null, compressed.get(etag, encoding, payload));
    });
    await app.register(compress, { global: true, encodings: ['br', 'gzip'], threshold: COMPRESS_FROM_BYTES, globalDecompression: false });
  },
  { name: 'http-cache' },
);
