import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, connectProvider, synced, waitFor } from './helpers/client.js';
import { openDebate } from './helpers/fixtures.js';
import { articleElement, deleteArticle, insertArticleAfter } from './helpers/draft.js';

let server: TestServer;
const providers: WebsocketProvider[] = [];
beforeAll(async () => {
  process.setMaxListeners(100);
  server = await startServer();
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await server.close();
});

/** The organiser's live copy of the draft, as their editor holds it. */
async function organiserDraft(slug: string, organiser: ApiClient): Promise<Y.Doc> {
  const provider = connectProvider(server.collabUrl, slug, organiser.cookieHeader());
  providers.push(provider);
  await synced(provider);
  return provider.doc;
}

const draftOf = async (slug: string) => (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/draft`)).body;

describe('numbers as they were', () => {
  it('keeps the number an amendment was proposed on after an insertion renumbers its article: "Article 12, now 13"', async () => {
    const { organiser, slug, draft, lea } = await openDebate(server, 14);
    const twelve = draft.articles[11];
    const { body: proposed } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: twelve.id, rationale: 'Article 12 repeats article 3.' });
    expect(proposed).toMatchObject({ articleNumberThen: 12, articleNumber: 12 });

    const doc = await organiserDraft(slug, organiser);
    insertArticleAfter(doc, draft.articles[0].id, 'Calendar', 'Applications close on 1 March.');
    await waitFor(async () => (await draftOf(slug)).articles.length === 15, 5000, 'the insertion');

    const reader = new ApiClient(server.url);
    const { body: shown } = await reader.get(`/api/amendments/${proposed.id}`);
    expect(shown).toMatchObject({ articleNumberThen: 12, articleNumber: 13 });
    const { body: listed } = await reader.get(`/api/rulebooks/${slug}/amendments`);
    expect(listed.find((a: { id: string }) => a.id === proposed.id)).toMatchObject({ articleNumberThen: 12, articleNumber: 13 });

    const { body: decided } = await organiser.post(`/api/amendments/${proposed.id}/decision`, { decision: 'reject', reason: 'Article 12 is needed.' });
    expect(decided).toMatchObject({ articleNumberThen: 12, decidedArticleNumber: 13, articleNumber: 13 });

    deleteArticle(doc, twelve.id);
    await waitFor(async () => (await draftOf(slug)).articles.length === 14, 5000, 'the deletion');
    expect((await reader.get(`/api/amendments/${proposed.id}`)).body).toMatchObject({ articleNumberThen: 12, articleNumber: null });
  });

  it('says when the passage a comment quotes has since changed, and keeps the original quote', async () => {
    const { organiser, slug, draft, lea } = await openDebate(server, 3);
    const article = draft.articles[1];
    const doc = await organiserDraft(slug, organiser);
    const text = (articleElement(doc, article.id).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, 'Candidates must résider en Belgique. ');
    await waitFor(async () => (await draftOf(slug)).articles[1].text.startsWith('Candidates'), 5000, 'the wording');
    const { body: comment } = await lea.post(`/api/rulebooks/${slug}/articles/${article.id}/comments`, { body: 'Why Belgium only?', quote: 'résider en Belgique' });
    expect(comment).toMatchObject({ quote: 'résider en Belgique', quoteChanged: false, articleNumberThen: 2, articleNumber: 2 });

    // The organiser rewrites the end of the passage, and inserts an article before it.
    const index = text.toString().indexOf('Belgique');
    text.delete(index, 'Belgique'.length);
    text.insert(index, 'Europe');
    insertArticleAfter(doc, draft.articles[0].id, 'Calendar', 'Applications close on 1 March.');
    const reader = new ApiClient(server.url);
    const [after] = await waitFor(async () => {
      const listed = (await reader.get(`/api/rulebooks/${slug}/articles/${article.id}/comments`)).body;
      return listed[0].articleNumber === 3 && listed;
    }, 5000, 'the renumbered comment');
    expect(after).toMatchObject({ quote: 'résider en Belgique', quoteChanged: true, articleNumberThen: 2, articleNumber: 3, anchor: { status: 'attached' } });
    expect(after.anchor.text).not.toBe('résider en Belgique');
  });
});
