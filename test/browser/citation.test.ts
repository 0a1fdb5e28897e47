import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Locator } from 'playwright-core';
import { browserSuite } from '../helpers/browser.js';
import { ApiClient, waitFor } from '../helpers/client.js';
import { openDebate } from '../helpers/fixtures.js';

const suite = browserSuite();

/** A rulebook released as 0.1, then as 1.0 after an accepted insertion turned its Article 4 into Article 5. */
async function renumberedRulebook() {
  const { organiser, lea, slug, draft } = await openDebate(suite.server, 4);
  const publish = async (version: string) => expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version })).status).toBe(201);
  await publish('0.1');
  const { body: insert } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'insert', afterArticleId: draft.articles[0].id, title: 'Definitions', text: 'Words mean what they say.', rationale: 'Clarity.' });
  expect((await organiser.post(`/api/amendments/${insert.id}/decision`, { decision: 'accept', reason: 'Agreed.' })).status).toBe(200);
  await publish('1.0');
  return { slug, cited: draft.articles[3] as { id: string; title: string; text: string } };
}

/** Wait until `locator`'s text is `text` (a page still loading, or the app replacing the server's page). */
const hasText = (locator: Locator, text: string) => waitFor(async () => (await locator.textContent())?.trim() === text, 10_000, text);

const newContext = (options: BrowserContextOptions) => suite.newContext({ locale: 'en-GB', ...options });

describe('citations and public pages in a browser', () => {
  it('reads a release and a citation with JavaScript disabled', async () => {
    const { slug, cited } = await renumberedRulebook();
    const page = await (await newContext({ javaScriptEnabled: false })).newPage();

    await page.goto(`${suite.server.url}/r/${slug}/releases/1.0`);
    await page.getByRole('heading', { name: 'Article 5 – Rule 4' }).waitFor();
    await page.getByText(cited.text).waitFor();
    expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toBe('Test rules — Version 1.0');
    expect(await page.title()).toBe('Test rules — Version 1.0');

    // The old citation still finds the article, says its number then and what became of it.
    await page.getByRole('link', { name: 'Article 5 – Rule 4' }).click();
    expect(new URL(page.url()).pathname).toBe(`/r/${slug}/v/1.0/a/${cited.id}`);
    await page.goto(`${suite.server.url}/r/${slug}/v/0.1/a/${cited.id}#p1`);
    await hasText(page.getByRole('heading', { level: 1 }), 'Article 4 (in version 0.1)');
    expect(await page.locator('#p1').textContent()).toContain(cited.text);
    await hasText(page.locator('.citation-fate li').first(), 'Version 1.0: Article 5 (renumbered) · changes');
    await hasText(page.locator('.citation-fate li').last(), 'Current draft: Article 5 (unchanged) · changes');
    await page.getByRole('link', { name: 'Version 1.0' }).click();
    await page.getByRole('heading', { name: 'Article 5 – Rule 4' }).waitFor();
  });

  it('renders the citation page in the app, and copies an article’s link from the release page', async () => {
    const { slug, cited } = await renumberedRulebook();
    const context = await newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/r/${slug}/v/0.1/a/${cited.id}`);
    // The app replaced the server's page: its own action is there, the server's header is gone.
    await page.getByRole('button', { name: 'Copy link to this article' }).waitFor();
    expect(await page.locator('.ssr-header').count()).toBe(0);
    await hasText(page.getByRole('heading', { level: 1 }), 'Article 4 (in version 0.1)');
    const fates = page.getByTestId('citation-fate');
    expect(await fates.evaluateAll((items) => items.map((li) => [li.getAttribute('data-status'), li.textContent]))).toEqual([
      ['renumbered', 'Version 1.0: Article 5 Renumbered · see the changes'],
      ['unchanged', 'Current draft: Article 5 Unchanged · see the changes'],
    ]);

    await page.goto(`${suite.server.url}/r/${slug}/releases/1.0`);
    const article = page.locator(`#article-${cited.id}`);
    await article.getByRole('button', { name: 'Copy link to this article' }).click();
    const expected = `${suite.server.url}/r/${slug}/v/1.0/a/${cited.id}`;
    await hasText(article.getByRole('status'), 'Link copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);

    // The copied address opens the article where it is now.
    await page.goto(expected);
    await hasText(page.getByRole('heading', { level: 1 }), 'Article 5 (in version 1.0)');
    expect((await new ApiClient(suite.server.url).get(`/api/rulebooks/${slug}/citations/1.0/${cited.id}`)).body.later).toEqual([{ version: 'draft', status: 'unchanged', number: 5, amendments: [] }]);
  });
});
