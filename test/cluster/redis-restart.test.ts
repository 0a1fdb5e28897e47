// Redis going away and coming back: instances keep editing and saving, others see the edits through the database
// meanwhile, and the fast path resumes once Redis is back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import type { WebsocketProvider } from 'y-websocket';
import { startServer, type TestServer } from '../helpers/server.js';
import { connectProvider, synced, waitFor } from '../helpers/client.js';
import { openDebate } from '../helpers/fixtures.js';
import { typeInArticle } from '../helpers/draft.js';
import { readDraft } from '../../shared/doc/ydoc.js';
import { freePort, freshDatabase, serviceUrl } from './services.js';

/** A private Redis on `port` (Debian's redis-server, as scripts/test-services.sh installs), ready to answer. */
async function startRedis(port: number): Promise<ChildProcess> {
  serviceUrl('TEST_REDIS_URL'); // the services (and so redis-server) are there
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    redis.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Ready to accept connections') && resolve());
    redis.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return redis;
}

const health = async (s: TestServer) => (await (await fetch(`${s.url}/api/health`)).json()) as { ok: boolean; redis: string };

describe('Redis restarting', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let servers: TestServer[] = [];
  let redis: ChildProcess | null = null;
  const providers: WebsocketProvider[] = [];
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(async () => {
    providers.splice(0).forEach((p) => p.destroy());
    await Promise.all(servers.map((s) => s.close()));
    redis?.kill('SIGKILL');
    await database?.drop();
  });

  it('degrades to reading the log back, loses nothing, and resumes the fast path once Redis is back', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    const options = { databaseUrl: database.url, redisUrl: `redis://127.0.0.1:${port}` };
    servers = [await startServer(options), await startServer(options)];
    const [a, b] = servers as [TestServer, TestServer];
    await waitFor(() => a.app.fanout?.connected && b.app.fanout?.connected, 5000, 'both instances connected to Redis');
    const { organiser, slug, draft } = await openDebate(a, 2);
    const writer = connectProvider(a.collabUrl, slug, organiser.cookieHeader());
    const reader = connectProvider(b.collabUrl, slug);
    providers.push(writer, reader);
    await Promise.all([synced(writer), synced(reader)]);
    const id = draft.articles[0].id;
    const seen = (text: string) => () => readDraft(reader.doc).articles[0]!.text.includes(text);

    const stopped = new Promise((resolve) => redis!.once('exit', resolve));
    redis.kill('SIGKILL');
    await stopped;
    await waitFor(async () => (await health(a)).redis === 'down' && (await health(b)).redis === 'down', 10_000, 'health saying redis is down');
    expect(await health(a)).toMatchObject({ ok: true, redis: 'down' });

    typeInArticle(writer.doc, id, 'While Redis is down. ');
    // Through the database, which each instance reads back every second while Redis is away.
    await waitFor(seen('While Redis is down. '), 5000, 'the edit on B through the database');

    redis = await startRedis(port);
    await waitFor(async () => (await health(a)).redis === 'up' && (await health(b)).redis === 'up', 15_000, 'health saying redis is up again');
    const started = performance.now();
    typeInArticle(writer.doc, id, 'Redis is back. ');
    await waitFor(seen('Redis is back. '), 5000, 'the edit on B through Redis');
    expect(performance.now() - started).toBeLessThan(1500);
    expect(readDraft(reader.doc)).toEqual(readDraft(writer.doc));
  });
});
