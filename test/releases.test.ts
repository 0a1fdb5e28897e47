import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, connectProvider, synced, waitFor } from './helpers/client.js';
import { openDebate } from './helpers/fixtures.js';
import { typeInArticle } from './helpers/draft.js';
import { hashVersion } from '../server/domain/releases.js';

let server: TestServer;
const providers: WebsocketProvider[] = [];
beforeAll(async () => {
  process.setMaxListeners(100);
  server = await startServer();
});
afterAll(async () => {
  providers.forEach((p) => p.destroy());
  await server.close();
});

describe('releases', () => {
  it('freezes the draft: later edits change neither the release nor its hash', async () => {
    const { organiser, slug, draft } = await openDebate(server, 3);
    const published = await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '0.1', notes: 'First public draft.' });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: '0.1', notes: 'First public draft.', publishedBy: 'organiser', official: false, draft });
    expect(published.body.sha256).toBe(hashVersion(draft).sha256);

    const editor = connectProvider(server.collabUrl, slug, organiser.cookieHeader());
    providers.push(editor);
    await synced(editor);
    typeInArticle(editor.doc, draft.articles[0].id, 'Later edit. ');
    await waitFor(async () => (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[0].text.startsWith('Later edit.'));

    const again = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/releases/0.1`)).body;
    expect(again.draft).toEqual(draft);
    expect(again.sha256).toBe(published.body.sha256);
  });

  it('keeps versions unique, well-formed and increasing, and lets only organisers publish', async () => {
    const { organiser, slug, lea } = await openDebate(server, 1);
    expect((await lea.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).body.error.code).toBe('not_organiser');
    expect((await new ApiClient(server.url).post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).body.error.code).toBe('not_signed_in');
    for (const bad of ['1', 'v1.0', '1.0.0', '01.0', '1.x', '']) {
      const res = await organiser.post(`/api/rulebooks/${slug}/releases`, { version: bad });
      expect([res.status, res.body.error.code], bad).toEqual([400, 'validation_failed']);
    }
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).status).toBe(201);
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).body.error.code).toBe('version_exists');
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '0.9' })).body.error.code).toBe('version_not_increasing');
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.10' })).status).toBe(201);
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.2' })).body.error.code).toBe('version_not_increasing');
    const list = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/releases`)).body;
    expect(list.map((r: any) => r.version)).toEqual(['1.10', '1.0']);
    expect((await new ApiClient(server.url).get(`/api/rulebooks/${slug}/releases/3.0`)).body.error.code).toBe('release_not_found');

    expect((await lea.post(`/api/rulebooks/${slug}/releases/1.0/official`)).body.error.code).toBe('not_organiser');
    expect((await organiser.post(`/api/rulebooks/${slug}/releases/1.0/official`)).body.official).toBe(true);
    expect((await organiser.post(`/api/rulebooks/${slug}/releases/1.10/official`)).body.official).toBe(true);
    expect((await organiser.get(`/api/rulebooks/${slug}/releases/1.0`)).body.official).toBe(false);
  });

  it('writes a changelog of accepted amendments and direct organiser edits', async () => {
    const { organiser, slug, draft, lea, yanis } = await openDebate(server, 4);
    await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '0.1' });
    const { body: insert } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'insert', afterArticleId: draft.articles[0].id, title: 'Definitions', text: 'Words.', rationale: 'Clarity.' });
    await yanis.post(`/api/amendments/${insert.id}/support`);
    await organiser.post(`/api/amendments/${insert.id}/decision`, { decision: 'accept', reason: 'Welcome.' });
    const { body: rejected } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[3].id, rationale: 'x' });
    await organiser.post(`/api/amendments/${rejected.id}/decision`, { decision: 'reject', reason: 'Needed.' });
    const editor = connectProvider(server.collabUrl, slug, organiser.cookieHeader());
    providers.push(editor);
    await synced(editor);
    typeInArticle(editor.doc, draft.articles[2].id, 'Direct. ');
    await waitFor(async () => (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[3].text.startsWith('Direct.'));

    const { changelog } = (await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).body;
    expect(changelog.previousVersion).toBe('0.1');
    expect(changelog.amendments).toEqual([
      { id: insert.id, number: insert.number, kind: 'insert', title: 'Definitions', articleId: insert.articleId, author: lea.displayName, supportCount: 1, reason: 'Welcome.' },
    ]);
    expect(changelog.directEdits).toEqual([{ id: draft.articles[2].id, status: 'modified', fromNumber: 3, toNumber: 4, title: 'Rule 3' }]);
    expect(changelog.summary).toMatchObject({ added: 1, modified: 1, renumbered: 2, unchanged: 1 });
  });
});

describe('diffs between versions', () => {
  it('reports an inserted article and the renumbered ones, and diffs a release against the live draft', async () => {
    const { organiser, slug, draft, lea } = await openDebate(server, 3);
    await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '0.1' });
    const { body: insert } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'insert', afterArticleId: null, title: 'Préambule', text: "L'organisateur publie « ce règlement ».", rationale: 'x' });
    await organiser.post(`/api/amendments/${insert.id}/decision`, { decision: 'accept', reason: 'ok' });

    const toDraft = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/diff?from=0.1&to=draft`)).body;
    expect(toDraft.summary).toMatchObject({ added: 1, renumbered: 3, modified: 0, removed: 0 });
    expect(toDraft.articles.map((a: any) => [a.status, a.fromNumber, a.toNumber])).toEqual([
      ['added', null, 1],
      ['renumbered', 1, 2],
      ['renumbered', 2, 3],
      ['renumbered', 3, 4],
    ]);
    expect(toDraft.articles[1].id).toBe(draft.articles[0].id);

    await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' });
    const between = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/diff?from=0.1&to=1.0`)).body;
    expect(between.articles).toEqual(toDraft.articles);
    expect((await new ApiClient(server.url).get(`/api/rulebooks/${slug}/diff?from=0.1&to=2.0`)).body.error.code).toBe('release_not_found');
    expect((await new ApiClient(server.url).get(`/api/rulebooks/${slug}/diff?from=draft&to=0.1`)).body.error.code).toBe('validation_failed');
  });
});
