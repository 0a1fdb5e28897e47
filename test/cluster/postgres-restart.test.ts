// PostgreSQL stopping (a restart, or a crash) and starting again while organisers type on two instances: their writers
// are closed with storage_unavailable (the editor shows it is not saving) and keep their edits, health and the API say
// the database is down, and once it is back every keystroke typed on either side is in the log, both instances
// converge, and no instance crashed or lost a pooled connection.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { count } from 'drizzle-orm';
import { ApiClient, connectProvider, synced, waitFor } from '../helpers/client.js';
import { organiserWithRulebook, personWithRole } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { typeInArticle } from '../helpers/draft.js';
import { readDraft } from '../../shared/doc/ydoc.js';
import { CloseCode } from '../../shared/protocol.js';
import { rulebooks } from '../../server/db/schema.js';
import { isStorageError } from '../../server/db/errors.js';
import { serverPool } from '../../server/db/singleton.js';
import { privatePostgres, serviceUrl, type PrivatePostgres } from './services.js';

async function health(s: TestServer): Promise<{ status: number; body: { ok: boolean; database: string; redis: string } }> {
  const res = await fetch(`${s.url}/api/health`);
  return { status: res.status, body: await res.json() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PostgreSQL restarting', () => {
  let postgres: PrivatePostgres | null = null;
  const servers: TestServer[] = [];
  const providers: WebsocketProvider[] = [];
  /** What would have ended an instance's process (the instances run in this one, where vitest catches it). */
  const crashes: unknown[] = [];
  const crashed = (err: unknown) => crashes.push(err);
  beforeEach(() => {
    crashes.length = 0;
    process.on('uncaughtExceptionMonitor', crashed);
  });
  afterEach(async () => {
    process.off('uncaughtExceptionMonitor', crashed);
    providers.splice(0).forEach((p) => p.destroy());
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await postgres?.remove();
    postgres = null;
  });

  it.each(['fast', 'immediate'] as const)('stopped (%s) degrades to "not saving" and 503 database_unavailable, loses no keystroke typed on either instance, and recovers by itself', async (mode) => {
    postgres = await privatePostgres();
    const options = { databaseUrl: postgres.url, redisUrl: serviceUrl('TEST_REDIS_URL') };
    servers.push(await startServer(options), await startServer(options));
    const [a, b] = servers as [TestServer, TestServer];
    const { organiser, slug, draft } = await organiserWithRulebook(a, 2);
    const { person: second } = await personWithRole(a, organiser, slug, 'organiser', 'Second organiser');
    const onA = connectProvider(a.collabUrl, slug, organiser.cookieHeader());
    const onB = connectProvider(b.collabUrl, slug, second.cookieHeader());
    providers.push(onA, onB);
    await Promise.all([synced(onA), synced(onB)]);
    const closes: number[] = [];
    for (const p of [onA, onB]) p.on('connection-close', (event: CloseEvent | null) => event && closes.push(event.code));
    const articles = [draft.articles[0].id, draft.articles[1].id] as const;

    // Both organisers type a keystroke every 20 ms, each at the end of their own article, until told to stop.
    const typed: string[] = [];
    let typing = true;
    const typists = (async () => {
      for (let i = 0; typing; i++) {
        for (const [n, provider] of [onA, onB].entries()) {
          const token = `[${'ab'[n]}${i}]`;
          typeInArticle(provider.doc, articles[n]!, token, readDraft(provider.doc).articles[n]!.text.length);
          typed.push(token);
        }
        await sleep(20);
      }
    })();
    await waitFor(() => typed.length >= 40, 5000, 'a first burst of typing');

    // A request in the middle of a transaction when the server goes: it fails as a storage error, the process lives on.
    let stopped!: () => void;
    const serverStopped = new Promise<void>((resolve) => (stopped = resolve));
    const inFlight = a.app.db
      .transaction(async (tx) => {
        await tx.select({ n: count() }).from(rulebooks);
        await serverStopped;
        await tx.select({ n: count() }).from(rulebooks);
      })
      .then(
        () => null,
        (err: unknown) => err,
      );

    // And requests arriving as it goes, one transaction after another: some are caught while beginning.
    let arriving = true;
    const arrivals = Array.from({ length: 4 }, async () => {
      while (arriving) await a.app.db.transaction(async (tx) => tx.select({ n: count() }).from(rulebooks)).catch(() => sleep(5));
    });

    await postgres.stop(mode);
    stopped();
    arriving = false;
    await Promise.all(arrivals);
    expect(isStorageError(await inFlight)).toBe(true);
    expect(crashes).toEqual([]);
    await waitFor(async () => {
      const [onAHealth, onBHealth] = await Promise.all([health(a), health(b)]);
      return onAHealth.status === 503 && onAHealth.body.database === 'down' && onBHealth.status === 503 && onBHealth.body.database === 'down';
    }, 10_000, 'health saying the database is down on both instances');
    expect((await health(a)).body).toMatchObject({ ok: false, database: 'down', redis: 'up' });
    const refused = await new ApiClient(b.url).get(`/api/rulebooks/${slug}`);
    expect(refused).toMatchObject({ status: 503, body: { error: { code: 'database_unavailable' } } });
    // Their writers are told their edits wait (what the editor shows as not saving), and keep typing for three seconds.
    await waitFor(() => closes.includes(CloseCode.storageUnavailable), 10_000, 'a writer closed with storage_unavailable');
    const typedWhileDown = typed.length;
    await sleep(3000);
    expect(typed.length - typedWhileDown).toBeGreaterThan(40);

    await postgres.start();
    await waitFor(async () => {
      const [onAHealth, onBHealth] = await Promise.all([health(a), health(b)]);
      return onAHealth.status === 200 && onBHealth.status === 200;
    }, 15_000, 'health back to 200 on both instances');
    expect((await health(b)).body).toEqual({ ok: true, database: 'up', redis: 'up', degraded: [] });
    const typedWhenBack = typed.length;
    await waitFor(() => typed.length >= typedWhenBack + 40, 5000, 'more typing once the database is back');
    typing = false;
    await typists;

    // Both writers reconnect and resend what the servers lack; both instances converge on every keystroke.
    const hasAll = (text: string) => typed.every((token) => text.includes(token));
    const whole = (provider: WebsocketProvider) => readDraft(provider.doc).articles.map((article) => article.text).join('\n');
    await waitFor(() => onA.synced && onB.synced && hasAll(whole(onA)) && hasAll(whole(onB)), 20_000, 'both writers holding every keystroke');
    expect(readDraft(onA.doc)).toEqual(readDraft(onB.doc));
    // And the log holds them: what a third instance loads from the database.
    const c = await startServer(options);
    servers.push(c);
    const stored = await waitFor(async () => {
      const { body } = await new ApiClient(c.url).get(`/api/rulebooks/${slug}/draft`);
      const text = (body.articles as { text: string }[]).map((article) => article.text).join('\n');
      return hasAll(text) && text;
    }, 15_000, 'every keystroke in the log');
    expect(stored).toBe(whole(onA));
    // No connection was left taken out of a pool (it would be lost for good, and closing the instance would wait on it)
    // but the one each instance keeps for its liveness lock (server/db/instance-lock.ts).
    const pools = [a, b].map((s) => serverPool(s.app.db)!);
    await waitFor(() => pools.every((pool) => pool.totalCount - pool.idleCount <= 1), 5000, 'every other connection back in its pool');
    expect(crashes).toEqual([]);
  });
});
