import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { startServer, type TestServer } from './helpers/server.js';
import { organiserWithRulebook } from './helpers/fixtures.js';
import type { ApiClient } from './helpers/client.js';

// What browsers and caches are told about every public answer: validators, how long to keep it, and its encoding.
let server: TestServer;
let organiser: ApiClient;
let slug: string;

/** A GET with the given request headers, the body as it came over the wire (fetch would decompress it). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(server.url + path, { headers: { 'accept-encoding': 'identity', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const all = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') all.set(name, value);
        resolve({ status: res.statusCode!, headers: all, body: Buffer.concat(chunks) });
      });
    })
      .on('error', reject)
      .end();
  });
}

beforeAll(async () => {
  const clientDir = mkdtempSync(join(tmpdir(), 'amendo-client-'));
  mkdirSync(join(clientDir, 'assets'));
  writeFileSync(join(clientDir, 'index.html'), `<!doctype html><script src="/assets/index-abc123.js"></script>${'<!-- page -->'.repeat(200)}`);
  writeFileSync(join(clientDir, 'assets', 'index-abc123.js'), 'console.log("amendo");\n'.repeat(200));
  server = await startServer({ clientDir });
  ({ organiser, slug } = await organiserWithRulebook(server, 12));
  expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).status).toBe(201);
  expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.1' })).status).toBe(201);
});
afterAll(() => server?.close());

describe('ETags', () => {
  it('gives every public GET a strong ETag and answers 304 to a client that holds it', async () => {
    for (const path of [`/api/rulebooks/${slug}`, `/api/rulebooks/${slug}/draft`, `/api/rulebooks/${slug}/amendments`, `/api/rulebooks/${slug}/comments/counts`, `/api/rulebooks/${slug}/releases/1.0`]) {
      const first = await get(path);
      expect(first.status, path).toBe(200);
      const etag = first.headers.get('etag')!;
      expect(etag, path).toMatch(/^"[^"]+"$/);
      const again = await get(path, { 'if-none-match': etag });
      expect(again.status, path).toBe(304);
      expect(again.body.length, path).toBe(0);
      expect(again.headers.get('etag'), path).toBe(etag);
      // A list of tags, and the weak form of the same tag, match too (If-None-Match compares weakly).
      expect((await get(path, { 'if-none-match': `"other", W/${etag}` })).status, path).toBe(304);
      expect((await get(path, { 'if-none-match': '"other"' })).status, path).toBe(200);
    }
  });

  it('changes the ETag when the answer changes', async () => {
    const before = await get(`/api/rulebooks/${slug}/draft`);
    const markdown = '# Test rules\n\n## Rule 1\n\nOne new sentence.\n';
    expect((await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown })).status).toBe(200);
    const after = await get(`/api/rulebooks/${slug}/draft`, { 'if-none-match': before.headers.get('etag')! });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(JSON.parse(after.body.toString()).articles[0].text).toBe('One new sentence.');
  });

  it('gives no ETag to errors and never answers 304 to a write', async () => {
    const missing = await get('/api/rulebooks/no-such-rulebook');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('etag')).toBeNull();
    const etag = (await get(`/api/rulebooks/${slug}/releases/1.0`)).headers.get('etag')!;
    const write = await organiser.request('POST', `/api/rulebooks/${slug}/releases/1.0/official`, undefined, { headers: { 'if-none-match': etag } });
    expect(write.status).toBe(200);
  });
});

describe('how long answers may be kept', () => {
  it('lets browsers keep content-hashed assets forever, and revalidate the page itself', async () => {
    const asset = await get('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const page = await get(`/r/${slug}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control') ?? '').not.toContain('immutable');
  });

  it('never marks an answer immutable that can change at its URL: a release says whether it is the official one', async () => {
    const before = await get(`/api/rulebooks/${slug}/releases/1.0`);
    expect(before.headers.get('cache-control')).toBe('public, no-cache');
    expect(JSON.parse(before.body.toString()).official).toBe(true);
    // Marking 1.1 official unmarks 1.0: a cache holding 1.0 must learn it.
    expect((await organiser.post(`/api/rulebooks/${slug}/releases/1.1/official`)).status).toBe(200);
    const after = await get(`/api/rulebooks/${slug}/releases/1.0`, { 'if-none-match': before.headers.get('etag')! });
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body.toString()).official).toBe(false);
    for (const path of [`/api/rulebooks/${slug}`, `/api/rulebooks/${slug}/draft`, `/api/rulebooks/${slug}/releases`, '/api/me']) {
      expect((await get(path)).headers.get('cache-control') ?? '', path).not.toContain('immutable');
    }
  });
});

describe('compression', () => {
  it('compresses JSON with brotli or gzip as the client accepts, and not for a client that accepts neither', async () => {
    const path = `/api/rulebooks/${slug}/releases/1.0`;
    const plain = await get(path);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toMatch(/accept-encoding/i);
    const br = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.body.length).toBeLessThan(plain.body.length);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gzip = await get(path, { 'accept-encoding': 'gzip, br;q=0' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    // One representation, one validator: the client that holds it gets a 304 whatever its encoding.
    expect(br.headers.get('etag')).toBe(plain.headers.get('etag'));
    expect((await get(path, { 'accept-encoding': 'br', 'if-none-match': plain.headers.get('etag')! })).status).toBe(304);
  });

  it('compresses the HTML page, leaves small answers alone', async () => {
    const page = await get(`/r/${slug}`, { 'accept-encoding': 'gzip' });
    expect(page.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(page.body).toString()).toContain('<!doctype html>');
    const small = await get(`/api/rulebooks/${slug}/comments/counts`, { 'accept-encoding': 'gzip, br' });
    expect(small.headers.get('content-encoding')).toBeNull();
  });

  it('never compresses the live sockets: permessage-deflate offered by the client is declined', async () => {
    for (const path of [`/collab/${slug}`, `/events/${slug}`]) {
      const ws = new WebSocket(server.url.replace(/^http/, 'ws') + path, { perMessageDeflate: true, headers: { 'accept-encoding': 'gzip, br' } });
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      expect(ws.extensions, path).toBe('');
      ws.close();
    }
  });
});
