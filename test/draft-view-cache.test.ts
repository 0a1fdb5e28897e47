import { first } from '../server/db/handle.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startServer, type TestServer } from './helpers/server.js';
import { openDebate, organiserWithRulebook } from './helpers/fixtures.js';
import { connectProvider, synced, waitFor, ApiClient } from './helpers/client.js';
import { typeInArticle } from './helpers/draft.js';
import { rulebooks } from '../server/db/schema.js';

// The draft's JSON view is computed once per version of the document, and forgotten by every change to it.
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ docIdleMs: 60_000 });
});
afterAll(() => server?.close());

const draftOf = async (slug: string) => (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/draft`)).body;
const idOf = async (slug: string) => first(await server.app.db.select().from(rulebooks).where(eq(rulebooks.slug, slug)))!.id;

describe('the draft view', () => {
  it('stays loaded between reads and answers the same view until the draft changes', async () => {
    const { slug } = await organiserWithRulebook(server, 3);
    await draftOf(slug);
    expect(server.app.docs.isLoaded(await idOf(slug))).toBe(true);
    const room = await server.app.docs.open(await idOf(slug));
    const read = (doc: { clientID: number }) => ({ by: [doc.clientID] });
    expect(room.viewOf(read)).toBe(room.viewOf(read));
    expect(Object.isFrozen(room.viewOf(read))).toBe(true);
  });

  it('is recomputed after an edit over /collab', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 3);
    expect((await draftOf(slug)).articles[1].text).not.toContain('[typed]');
    const provider = connectProvider(server.collabUrl, slug, organiser.cookieHeader());
    try {
      await synced(provider);
      typeInArticle(provider.doc, draft.articles[1].id, '[typed] ');
      await waitFor(async () => (await draftOf(slug)).articles[1].text.includes('[typed]'), 5000, 'the edit in the draft view');
    } finally {
      provider.destroy();
    }
  });

  it('is recomputed after an import', async () => {
    const { organiser, slug } = await organiserWithRulebook(server, 3);
    expect((await draftOf(slug)).articles).toHaveLength(3);
    expect((await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: '# Test rules\n\n## Only rule\n\nImported.\n' })).status).toBe(200);
    const after = await draftOf(slug);
    expect(after.articles).toHaveLength(1);
    expect(after.articles[0].text).toBe('Imported.');
  });

  it('is recomputed after an accepted amendment', async () => {
    const { organiser, slug, draft, lea } = await openDebate(server, 3);
    expect((await draftOf(slug)).articles[2].text).not.toBe('The jury has seven members.');
    const { body: amendment } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: draft.articles[2].id, text: 'The jury has seven members.', rationale: 'More voices.' });
    expect((await organiser.post(`/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: 'Agreed.' })).status).toBe(200);
    expect((await draftOf(slug)).articles[2].text).toBe('The jury has seven members.');
  });
});

describe('idle drafts', () => {
  it('are unloaded once unused for DOC_IDLE_MS, and not before', async () => {
    const quick = await startServer({ docIdleMs: 300 });
    try {
      const { slug, organiser: reader } = await organiserWithRulebook(quick, 2);
      const id = first(await quick.app.db.select().from(rulebooks).where(eq(rulebooks.slug, slug)))!.id;
      // Read again and again (signed in: anonymous reads within a second are answered by the read cache, without the
      // document) for longer than the idle period: the document stays loaded throughout.
      const until = Date.now() + 600;
      while (Date.now() < until) {
        expect((await reader.get(`/api/rulebooks/${slug}/draft`)).status).toBe(200);
        expect(quick.app.docs.isLoaded(id)).toBe(true);
        await new Promise((r) => setTimeout(r, 50));
      }
      await waitFor(() => !quick.app.docs.isLoaded(id), 5000, 'the idle draft to be unloaded');
    } finally {
      await quick.close();
    }
  });
});
