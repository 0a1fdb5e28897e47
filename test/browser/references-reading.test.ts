import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { browserSuite } from '../helpers/browser.js';
import { referencingRulebook, renumberedReference } from '../helpers/references.js';

const suite = browserSuite();
let context: BrowserContext | undefined;

describe('a reference to another article, read in the app', () => {
  it('reads as the number in each release, links to the article, and the diff says it follows the renumbering', async () => {
    const { slug, twelfth } = await renumberedReference(suite.server);
    context = await suite.newContext({ locale: 'en-GB' });
    const page = await context.newPage();

    await page.goto(`${suite.server.url}/r/${slug}/releases/1.0`);
    await page.locator('.frozen-text a.rb-ref').getByText('article 12', { exact: true }).waitFor();
    await page.goto(`${suite.server.url}/r/${slug}/releases/2.0`);
    const reference = page.locator('.frozen-text a.rb-ref');
    await reference.getByText('article 13', { exact: true }).waitFor();
    await reference.click();
    await page.waitForURL((url) => url.hash === `#article-${twelfth.id}`);
    expect(await page.locator(`#article-${twelfth.id}`).isVisible()).toBe(true);

    await page.goto(`${suite.server.url}/r/${slug}/diff?from=1.0&to=2.0`);
    const note = page.getByTestId('diff-refs');
    await note.waitFor();
    expect((await note.textContent())?.replace(/\s+/g, ' ')).toBe('Its references follow the renumbering: article 12 now reads article 13');
  });

  it('warns on a proposed deletion that the articles referring to it would read as removed', async () => {
    const { organiser, slug, third, twelfth } = await referencingRulebook(suite.server);
    const { body: deletion } = await organiser.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: twelfth.id, rationale: 'Obsolete.' });
    context ??= await suite.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/r/${slug}/amendments/${deletion.id}`);
    const notice = page.getByTestId('referenced-by');
    await notice.waitFor();
    expect((await notice.textContent())?.replace(/\s+/g, ' ')).toBe(`This article is referred to by article 3 “${third.title}”; if the deletion is accepted, that reference will read as removed.`);
    await notice.getByRole('link').click();
    await page.waitForURL((url) => url.searchParams.get('article') === third.id);
  });
});
