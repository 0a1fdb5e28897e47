import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { openDebate, organiserWithRulebook } from './helpers/fixtures.js';
import { pdfLinks } from './helpers/pdf-text.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** Propose an amendment as `author` and have the organiser accept it; its number. */
async function accepted(organiser: ApiClient, author: ApiClient, slug: string, proposal: Record<string, unknown>): Promise<{ id: string; number: number }> {
  const { status, body } = await author.post(`/api/rulebooks/${slug}/amendments`, { rationale: 'Because.', ...proposal });
  expect(status).toBe(201);
  expect((await organiser.post(`/api/amendments/${body.id}/decision`, { decision: 'accept', reason: 'Agreed.' })).status).toBe(200);
  return body;
}

describe('stable citations', () => {
  it('follow an article through renumbering, an amendment and its removal, release by release', async () => {
    const { organiser, lea, slug, draft } = await openDebate(server, 4);
    const cited = draft.articles[3];
    const publish = async (version: string) => expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version })).status).toBe(201);
    await publish('0.1');
    await accepted(organiser, lea, slug, { kind: 'insert', afterArticleId: draft.articles[0].id, title: 'Definitions', text: 'Words mean what they say.' });
    await publish('1.0');
    const modify = await accepted(organiser, lea, slug, { kind: 'modify', articleId: cited.id, text: 'A clearer rule.\n\nWith a second paragraph.' });
    await publish('1.1');
    const removal = await accepted(organiser, lea, slug, { kind: 'delete', articleId: cited.id });
    await publish('2.0');

    const reader = new ApiClient(server.url);
    const res = await reader.get(`/api/rulebooks/${slug}/citations/0.1/${cited.id}`);
    expect(res.status).toBe(200);
    expect(res.body.article).toEqual({ id: cited.id, number: 4, title: cited.title, text: cited.text, section: cited.section });
    expect(res.body.paragraphs).toEqual(cited.text.split('\n\n').map((text: string, i: number) => ({ n: i + 1, text })));
    expect(res.body.later).toEqual([
      { version: '1.0', status: 'renumbered', number: 5, amendments: [] },
      { version: '1.1', status: 'modified', number: 5, amendments: [{ id: modify.id, number: modify.number, kind: 'modify' }] },
      { version: '2.0', status: 'removed', number: null, amendments: [{ id: removal.id, number: removal.number, kind: 'delete' }] },
    ]);

    // Cited in 1.1, the article has its number there, the amendment's wording cut into paragraphs, and its end.
    const inOneOne = (await reader.get(`/api/rulebooks/${slug}/citations/1.1/${cited.id}`)).body;
    expect(inOneOne.article.number).toBe(5);
    expect(inOneOne.paragraphs).toEqual([{ n: 1, text: 'A clearer rule.' }, { n: 2, text: 'With a second paragraph.' }]);
    expect(inOneOne.later.map((f: { version: string; status: string }) => [f.version, f.status])).toEqual([['2.0', 'removed']]);
  });

  it('tell the live draft apart, with the amendments accepted since the latest release', async () => {
    const { organiser, lea, slug, draft } = await openDebate(server, 2);
    await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' });
    const modify = await accepted(organiser, lea, slug, { kind: 'modify', articleId: draft.articles[1].id, text: 'Reworded.' });
    const reader = new ApiClient(server.url);
    const fromRelease = (await reader.get(`/api/rulebooks/${slug}/citations/1.0/${draft.articles[1].id}`)).body;
    expect(fromRelease.later).toEqual([{ version: 'draft', status: 'modified', number: 2, amendments: [{ id: modify.id, number: modify.number, kind: 'modify' }] }]);
    const inDraft = (await reader.get(`/api/rulebooks/${slug}/citations/draft/${draft.articles[1].id}`)).body;
    expect(inDraft).toMatchObject({ version: 'draft', article: { number: 2, text: 'Reworded.' }, paragraphs: [{ n: 1, text: 'Reworded.' }], later: [] });
  });

  it('answer stable 404 codes, and 400 for a malformed version', async () => {
    const { organiser, slug, draft } = await openDebate(server, 1);
    await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' });
    const reader = new ApiClient(server.url);
    const code = async (path: string) => {
      const res = await reader.get(path);
      return [res.status, res.body.error.code];
    };
    expect(await code(`/api/rulebooks/${slug}/citations/3.0/${draft.articles[0].id}`)).toEqual([404, 'release_not_found']);
    expect(await code(`/api/rulebooks/${slug}/citations/1.0/a000000000000`)).toEqual([404, 'article_not_found']);
    expect(await code(`/api/rulebooks/${slug}/citations/draft/a000000000000`)).toEqual([404, 'article_not_found']);
    expect(await code(`/api/rulebooks/no-such-book/citations/1.0/${draft.articles[0].id}`)).toEqual([404, 'rulebook_not_found']);
    expect(await code(`/api/rulebooks/${slug}/citations/v1/${draft.articles[0].id}`)).toEqual([400, 'validation_failed']);
  });

  it('are what article headings link to in a release PDF', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 3);
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).status).toBe(201);
    const pdf = new Uint8Array(await (await fetch(`${server.url}/api/rulebooks/${slug}/releases/1.0/pdf`)).arrayBuffer());
    const links = (await pdfLinks(pdf)).flat();
    const cite = (id: string) => `${server.url}/r/${slug}/v/1.0/a/${id}`;
    expect(links).toEqual(expect.arrayContaining(draft.articles.map((a: { id: string }) => cite(a.id))));
    // Each link opens the citation page, which the server renders.
    const page = await fetch(cite(draft.articles[2].id));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(draft.articles[2].title);
  });
});
