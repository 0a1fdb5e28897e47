// Organisers' direct edits of the draft are journaled by the instance they type on: another instance sharing the
// database (starting, or in its periodic recovery) leaves them to it while it lives, and records them once it dies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import type { WebsocketProvider } from 'y-websocket';
import { startServer, type TestServer } from '../helpers/server.js';
import { startChildServer } from '../helpers/child-server.js';
import { ApiClient, connectProvider, synced, waitFor } from '../helpers/client.js';
import { organiserWithRulebook } from '../helpers/fixtures.js';
import { typeInArticle } from '../helpers/draft.js';
import { readDraft } from '../../shared/doc/ydoc.js';
import { pendingDraftEdits } from '../../server/db/schema.js';
import { instanceId } from '../../server/db/instance-lock.js';
import { SessionLock } from '../../server/db/singleton.js';
import { freshDatabase, privatePostgres, serviceUrl, type PrivatePostgres } from './services.js';

/** The draft's direct edit entries in the audit log, as any instance serves them. */
const directEdits = async (server: { url: string }, slug: string) =>
  ((await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit?limit=200`)).body.entries as any[]).filter((e) => e.type === 'draft.edited');
/** The list, or null while it is empty (for `waitFor`). */
const nonEmpty = <T,>(list: T[]) => (list.length > 0 ? list : null);

describe("an organiser's direct edits with several instances on one database", () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const servers: TestServer[] = [];
  const children: ChildProcess[] = [];
  const providers: WebsocketProvider[] = [];
  let postgres: PrivatePostgres | null = null;
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(async () => {
    providers.splice(0).forEach((p) => p.destroy());
    children.splice(0).forEach((c) => c.kill('SIGKILL'));
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await database?.drop();
    await postgres?.remove();
    postgres = null;
  });

  const start = async (options: Parameters<typeof startServer>[0]) => {
    const server = await startServer({ databaseUrl: database.url, ...options });
    servers.push(server);
    return server;
  };

  it('in progress on A are left to A by B starting meanwhile, then recorded once by A with the final wording', async () => {
    const a = await start({ editQuietMs: 1000 });
    const { organiser, slug, draft } = await organiserWithRulebook(a, 2);
    const provider = connectProvider(a.collabUrl, slug, organiser.cookieHeader());
    providers.push(provider);
    await synced(provider);
    const article = draft.articles[0]!;
    const atEnd = () => readDraft(provider.doc).articles[0]!.text.length;
    // The organiser keeps typing (more often than A's quiet period) while B starts and runs its rounds.
    let keystrokes = 0;
    const typing = setInterval(() => typeInArticle(provider.doc, article.id, `[${keystrokes++}]`, atEnd()), 150);
    try {
      const [pending] = (await waitFor(async () => nonEmpty(await a.app.db.select().from(pendingDraftEdits)), 5000, 'the pending edit on A'))!;
      expect(pending!.holder).toBe(instanceId(a.app.db));

      // B's start recovery is over once it serves: A's edit is still pending, and nothing is recorded of it.
      const b = await start({ editQuietMs: 300 });
      expect(await b.app.db.select().from(pendingDraftEdits)).toEqual([pending]);
      expect(await directEdits(b, slug)).toEqual([]);
      // B's periodic rounds (each second) while A's edit goes on.
      const from = keystrokes;
      await waitFor(() => keystrokes >= from + 20, 10_000, 'three seconds more of typing');
    } finally {
      clearInterval(typing);
    }
    const final = readDraft(provider.doc).articles[0]!.text;

    const entries = (await waitFor(async () => nonEmpty(await directEdits(a, slug)), 10_000, 'the entry once the article is quiet'))!;
    expect(await a.app.db.select().from(pendingDraftEdits)).toEqual([]);
    // Once the pending row is gone no recorder can write another entry: this one is the only one.
    expect(await directEdits(a, slug)).toHaveLength(1);
    expect(entries[0].payload).toMatchObject({ change: 'edited', articleId: article.id, before: { text: article.text }, after: { text: final } });
    expect(entries[0].payload.recovered).toBeUndefined();
    expect((await new ApiClient(a.url).get(`/api/rulebooks/${slug}/audit/verify`)).body.ok).toBe(true);
  });

  it('pending on an instance killed with kill -9 are recorded once by the survivor, within its periodic round', async () => {
    const redis = serviceUrl('TEST_REDIS_URL');
    // A round each second on the survivor; the killed instance would record its edit only after ten minutes of quiet.
    const survivor = await start({ redisUrl: redis, editQuietMs: 500 });
    const doomed = await startChildServer('/tmp/amendo-cluster-unused.db', { DATABASE_URL: database.url, REDIS_URL: redis, EDIT_QUIET_MS: '600000' });
    children.push(doomed.child);
    const { organiser, slug, draft } = await organiserWithRulebook(survivor, 2);
    const provider = connectProvider(doomed.url.replace(/^http/, 'ws') + '/collab', slug, organiser.cookieHeader());
    providers.push(provider);
    await synced(provider);
    const article = draft.articles[0]!;
    typeInArticle(provider.doc, article.id, 'Typed on the doomed instance. ');
    const typed = readDraft(provider.doc).articles[0]!.text;
    const [pending] = (await waitFor(async () => nonEmpty(await survivor.app.db.select().from(pendingDraftEdits)), 5000, 'the pending edit on the doomed instance'))!;
    expect(pending!.holder).not.toBe(instanceId(survivor.app.db));
    await waitFor(async () => (await new ApiClient(survivor.url).get(`/api/rulebooks/${slug}/draft`)).body.articles[0].text === typed, 5000, 'the typed text on the survivor');
    expect(await directEdits(survivor, slug)).toEqual([]);

    const exited = new Promise((resolve) => doomed.child.once('exit', resolve));
    doomed.child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    provider.destroy();

    const entries = (await waitFor(async () => nonEmpty(await directEdits(survivor, slug)), 10_000, 'the entry recorded by the survivor'))!;
    const tookMs = Date.now() - killedAt;
    expect(await survivor.app.db.select().from(pendingDraftEdits)).toEqual([]);
    expect(await directEdits(survivor, slug)).toHaveLength(1);
    expect(entries[0].payload).toMatchObject({ change: 'edited', articleId: article.id, before: { text: article.text }, after: { text: typed }, recovered: true });
    expect(tookMs).toBeLessThan(5000);
    expect((await new ApiClient(survivor.url).get(`/api/rulebooks/${slug}/audit/verify`)).body.ok).toBe(true);
  });

  it('are still judged alive after PostgreSQL restarts: the instance takes its lock again on a new connection', async () => {
    postgres = await privatePostgres();
    const server = await start({ databaseUrl: postgres.url });
    /** Whether another session finds the instance's lock taken (and so the instance alive). */
    const heldElsewhere = async () => {
      const client = new pg.Client({ connectionString: postgres!.url });
      client.on('error', () => undefined);
      try {
        await client.connect();
        const name = `instance:${instanceId(server.app.db)}`;
        const { rows } = await client.query<{ locked: boolean }>(SessionLock.try, [name]);
        return !rows[0]!.locked;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    };
    expect(await heldElsewhere()).toBe(true);

    await postgres.stop('fast');
    await postgres.start();

    await waitFor(heldElsewhere, 10_000, 'the instance lock held again');
  });
});
