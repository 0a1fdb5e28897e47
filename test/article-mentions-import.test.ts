import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, connectProvider, synced, waitFor } from './helpers/client.js';
import { uniqueSlug } from './helpers/fixtures.js';
import { insertArticleAfter } from './helpers/draft.js';

let server: TestServer;
const providers: WebsocketProvider[] = [];
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await server.close();
});

const MARKDOWN = '# Prize\n\n## Object\n\nThe prize rewards a story.\n\n## Entries\n\nOne story each.\n\n## Jury\n\nThe jury reads the entries article 2 allows, under **article 1**.';

/** An organiser's new rulebook imported from MARKDOWN, with `body` extra fields in the import request. */
async function imported(body: Record<string, unknown>) {
  const organiser = new ApiClient(server.url);
  await organiser.signUp('organiser');
  const slug = uniqueSlug('prize');
  await organiser.post('/api/rulebooks', { slug, title: 'Prize', language: 'en' });
  const res = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: MARKDOWN, ...body });
  return { organiser, slug, res };
}

/** Insert an article after the first one, as an organiser's editor would, and wait for the draft to show it. */
async function insertSecondArticle(organiser: ApiClient, slug: string, firstId: string) {
  const provider = connectProvider(server.collabUrl, slug, organiser.cookieHeader());
  providers.push(provider);
  await synced(provider);
  insertArticleAfter(provider.doc, firstId, 'Calendar', 'Entries close on 1 March.');
  return waitFor(async () => {
    const { body } = await new ApiClient(server.url).get(`/api/rulebooks/${slug}/draft`);
    return body.articles.length === 4 && body;
  }, 5000, 'the insertion');
}

describe('importing Markdown that mentions articles by number', () => {
  it('turns the mentions into references that follow renumbering when asked', async () => {
    const { organiser, slug, res } = await imported({ references: true });
    expect(res.status).toBe(200);
    expect(res.body.articles[2].text).toBe('The jury reads the entries article 2 allows, under article 1.');

    const draft = await insertSecondArticle(organiser, slug, res.body.articles[0].id);
    expect(draft.articles.map((a: { title: string }) => a.title)).toEqual(['Object', 'Calendar', 'Entries', 'Jury']);
    expect(draft.articles[3].text).toBe('The jury reads the entries article 3 allows, under article 1.');
  });

  it('leaves the numbers as written without it', async () => {
    const { organiser, slug, res } = await imported({});
    const draft = await insertSecondArticle(organiser, slug, res.body.articles[0].id);
    expect(draft.articles[3].text).toBe('The jury reads the entries article 2 allows, under article 1.');
  });

  it('refuses a request whose choice is not a boolean', async () => {
    const { res } = await imported({ references: 'yes' });
    expect(res.status).toBe(400);
  });
});
