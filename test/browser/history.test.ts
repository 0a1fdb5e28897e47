import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { browserSuite, shareSession } from '../helpers/browser.js';
import { ApiClient, connectProvider, synced, waitFor } from '../helpers/client.js';
import { openDebate, uniqueSlug } from '../helpers/fixtures.js';
import { articleElement, insertArticleAfter } from '../helpers/draft.js';
import { draftFragment } from '../../shared/doc/ydoc.js';

/** Where the screenshots of the history go, to be looked at (and copied to docs/screenshots when they change). */
const SHOTS = process.env.AMENDO_SHOTS ?? join(tmpdir(), 'amendo-history-shots');

const PRIZE_RULES = [
  '# Prix du Community Manager 2027',
  '',
  '## Article 1 – Objet',
  '',
  'Le prix récompense un community manager pour son action de l’année.',
  '',
  '## Article 2 – Éligibilité',
  '',
  'Les candidats doivent résider en Belgique et exercer leur activité depuis un an.',
  '',
  '## Article 3 – Jury',
  '',
  'Le jury compte cinq membres, dont un président.',
  '',
  '## Article 4 – Dotation',
  '',
  'Le lauréat reçoit 1 500 € et un trophée.',
  '',
].join('\n');

const suite = browserSuite({ editQuietMs: 200 });
const providers: WebsocketProvider[] = [];
beforeAll(() => {
  process.setMaxListeners(100);
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(() => {
  for (const p of providers) p.destroy();
});

async function organiserDraft(slug: string, organiser: ApiClient): Promise<Y.Doc> {
  const provider = connectProvider(suite.server.collabUrl, slug, organiser.cookieHeader());
  providers.push(provider);
  await synced(provider);
  return provider.doc;
}

describe('the history in a browser', () => {
  it('tells what happened in sentences, shows a direct edit’s wording, and counts what verify counts', async () => {
    const organiser = new ApiClient(suite.server.url);
    await organiser.signUp('Camille Dubois');
    const slug = uniqueSlug('prix');
    await organiser.post('/api/rulebooks', { slug, title: 'Prix du Community Manager 2027', language: 'fr' });
    const { body: draft } = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: PRIZE_RULES });
    const doc = await organiserDraft(slug, organiser);
    const prize = (articleElement(doc, draft.articles[3].id).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    const at = prize.toString().indexOf('1 500');
    doc.transact(() => {
      prize.delete(at, '1 500'.length);
      prize.insert(at, '2 000');
    });
    const audit = () => new ApiClient(suite.server.url).get(`/api/rulebooks/${slug}/audit`);
    await waitFor(async () => (await audit()).body.entries.some((e: { type: string }) => e.type === 'draft.edited'), 10_000, 'the direct edit');
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).status).toBe(201);
    expect((await organiser.post(`/api/rulebooks/${slug}/releases/1.0/official`)).status).toBe(200);

    for (const [width, name] of [[1280, 'history.png'], [375, 'history-phone.png']] as const) {
      const context = await suite.newContext({ viewport: { width, height: 900 }, locale: 'fr-FR' });
      const page = await context.newPage();
      await page.goto(`${suite.server.url}/r/${slug}?tab=history`);
      const history = page.getByTestId('history-tab');
      const edit = history.locator('[data-testid=history-entry][data-type="draft.edited"]');
      await expect.poll(() => edit.locator('.history-text').textContent(), { timeout: 10_000 }).toBe(`${organiser.displayName} a modifié l’article 4 — +1 −1 mots`);
      expect(await history.locator('[data-type="release.published"] .history-text').textContent()).toBe(`${organiser.displayName} a publié la version 1.0`);
      expect(await history.locator('[data-type="release.official"] .history-text').textContent()).toBe(`${organiser.displayName} a fait de la version 1.0 la version officielle`);
      expect(await history.locator('[data-type="draft.imported"] .history-text').textContent()).toBe(`${organiser.displayName} a remplacé le projet par un import Markdown (articles : 1 → 4)`);
      // No raw keys anywhere.
      expect(await history.getByTestId('history-list').textContent()).not.toMatch(/\b(release|draft|amendment|window)\.[a-z]+/);

      await edit.locator('summary').click();
      const diff = edit.getByTestId('history-wording-diff');
      expect(await diff.locator('.diff-paper del').allTextContents()).toEqual([expect.stringContaining('1 500')]);
      expect(await diff.locator('.diff-paper ins').allTextContents()).toEqual([expect.stringContaining('2 000')]);

      await history.getByTestId('verify-chain').click();
      await history.locator('[data-testid=verify-result][data-ok=true]').waitFor();
      const listed = await history.getByTestId('history-entry').count();
      const numbers = await history.getByTestId('history-entry').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-number'))));
      expect(numbers).toEqual(Array.from({ length: listed }, (_, i) => listed - i));
      expect(await history.getByTestId('verify-result').textContent()).toContain(`${listed} entrées`);
      await page.screenshot({ path: join(SHOTS, name), fullPage: true });
      await context.close();
    }
  });

  it('says in French and English who renamed the rulebook and a section, with the wording behind a disclosure', async () => {
    const organiser = new ApiClient(suite.server.url);
    await organiser.signUp('Camille Dubois');
    const slug = uniqueSlug('prix');
    await organiser.post('/api/rulebooks', { slug, title: 'Prix 2027', language: 'fr' });
    const markdown = ['# Prix 2027', '', '# Candidatures', '', '## Article 1 – Éligibilité', '', 'Les candidats résident en Belgique.', ''].join('\n');
    await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown });
    const doc = await organiserDraft(slug, organiser);
    const [title, section] = draftFragment(doc).toArray() as Y.XmlElement[];
    doc.transact(() => {
      (title.get(0) as Y.XmlText).insert('Prix 2027'.length, ' du Community Manager');
      (section.get(0) as Y.XmlText).insert('Candidatures'.length, ' et éligibilité');
    });
    const audit = () => new ApiClient(suite.server.url).get(`/api/rulebooks/${slug}/audit`);
    await waitFor(async () => (await audit()).body.entries.filter((e: { type: string }) => e.type === 'draft.edited').length === 2, 10_000, 'the two direct edits');

    for (const [locale, titled, renamed, heading] of [
      ['fr-FR', `${organiser.displayName} a changé le titre du règlement en «\u00a0Prix 2027 du Community Manager\u00a0»`, `${organiser.displayName} a renommé la section «\u00a0Candidatures\u00a0» en «\u00a0Candidatures et éligibilité\u00a0»`, 'Modifications du titre'],
      ['en-GB', `${organiser.displayName} changed the rulebook’s title to “Prix 2027 du Community Manager”`, `${organiser.displayName} renamed the section “Candidatures” to “Candidatures et éligibilité”`, 'Changes to the title'],
    ] as const) {
      const context = await suite.newContext({ locale });
      const page = await context.newPage();
      await page.goto(`${suite.server.url}/r/${slug}?tab=history`);
      const edits = page.getByTestId('history-tab').locator('[data-testid=history-entry][data-type="draft.edited"]');
      await expect.poll(() => edits.locator('.history-text').allTextContents(), { timeout: 10_000 }).toEqual(expect.arrayContaining([titled, renamed]));
      const titleEdit = edits.filter({ hasText: titled });
      await titleEdit.locator('summary').click();
      const diff = titleEdit.getByTestId('history-wording-diff');
      expect(await diff.textContent()).toContain(heading);
      expect(await diff.locator('.diff-paper ins').allTextContents()).toEqual([expect.stringContaining('du Community Manager')]);
      await context.close();
    }
  });

  it('names an amendment by the article number it was proposed on: "Article 12, now 13"', async () => {
    const { organiser, slug, draft, lea } = await openDebate(suite.server, 14);
    const { body: amendment } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[11].id, rationale: 'Article 12 repeats article 3.' });
    const doc = await organiserDraft(slug, organiser);
    insertArticleAfter(doc, draft.articles[0].id, 'Calendar', 'Applications close on 1 March.');
    await waitFor(async () => (await new ApiClient(suite.server.url).get(`/api/amendments/${amendment.id}`)).body.articleNumber === 13, 5000, 'the renumbering');

    const context = await suite.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await shareSession(page, suite.server.url, lea.cookieHeader());
    await page.goto(`${suite.server.url}/r/${slug}?tab=amendments`);
    const card = page.locator(`[data-testid=amendment-card][data-amendment-id="${amendment.id}"]`);
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain('Article 12, now 13');
    await page.goto(`${suite.server.url}/r/${slug}/amendments/${amendment.id}`);
    await expect.poll(() => page.locator('main').textContent(), { timeout: 10_000 }).toContain('Article 12, now 13');
    await context.close();
  });
});
