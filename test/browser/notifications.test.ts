import { describe, expect, it } from 'vitest';
import { browserSuite, shareSession } from '../helpers/browser.js';
import { openDebate } from '../helpers/fixtures.js';

/** Following an article from its panel, and hearing of a decision on it in the header without reloading. */

const suite = browserSuite();

describe('notifications in the browser', () => {
  it("a member follows an article; the organiser accepts an amendment on it; the member's bell counts it live", async () => {
    const { organiser, slug, draft, lea } = await openDebate(suite.server);
    const article = draft.articles[1];
    const context = await suite.newContext();
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await shareSession(page, suite.server.url, lea.cookieHeader());
    await page.goto(`${suite.server.url}/r/${slug}?article=${article.id}`);
    expect(await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href')).toBe(`/api/rulebooks/${slug}/feed.atom`);

    const follow = page.getByTestId('side-panel').getByTestId('follow-article');
    await follow.click();
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByTestId('notification-count').count()).toBe(0);

    const { body: amendment } = await organiser.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: article.id, text: 'Reworded.', rationale: 'Shorter.' });
    await expect.poll(() => page.getByTestId('notification-count').textContent()).toBe('1');
    expect((await organiser.post(`/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: 'Agreed.' })).status).toBe(200);
    await expect.poll(() => page.getByTestId('notification-count').textContent()).toBe('2');

    await page.getByTestId('notification-bell').click();
    await expect.poll(() => page.getByTestId('notification').count()).toBe(2);
    expect(await page.getByTestId('notification').first().textContent()).toContain('Amendment #1 to “Test rules” was accepted.');
    await page.getByTestId('notifications-read-all').click();
    await expect.poll(() => page.getByTestId('notification-count').count()).toBe(0);
    await context.close();
  });
});
