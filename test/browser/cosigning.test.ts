import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, shareSession } from '../helpers/browser.js';
import { openDebate } from '../helpers/fixtures.js';
import type { ApiClient } from '../helpers/client.js';

/** A draft amendment shared by its link, co-signed in the browser, filed by its author, first in the organisers' inbox. */

const suite = browserSuite();

async function pageAs(client: ApiClient, path: string): Promise<Page> {
  const context = await suite.newContext();
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await shareSession(page, suite.server.url, client.cookieHeader());
  await page.goto(suite.server.url + path);
  return page;
}

describe('co-signing in the browser', () => {
  it('a co-signer follows the draft’s link and co-signs; the author files it; the organisers see it first, overdue (the consultation closes within a day)', async () => {
    const { organiser, slug, draft, lea, yanis } = await openDebate(suite.server);
    expect((await organiser.request('PUT', `/api/rulebooks/${slug}/cosigning`, { threshold: 1 })).status).toBe(200);
    await organiser.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[2].id, rationale: 'Redundant.' });
    const { body: amendment } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[0].id, rationale: 'Useless.', draft: true });
    const link = `/r/${slug}/amendments/${amendment.id}`;

    const cosigner = await pageAs(yanis, link);
    await expect.poll(() => cosigner.getByTestId('draft-notice').textContent()).toContain('draft');
    await cosigner.getByTestId('cosign-button').click();
    await expect.poll(() => cosigner.getByTestId('cosigners').textContent()).toContain(yanis.displayName);
    expect(await cosigner.getByTestId('cosigned').count()).toBe(1);

    const author = await pageAs(lea, link);
    author.on('dialog', (dialog) => void dialog.accept());
    await expect.poll(() => author.getByTestId('cosign-progress').textContent()).toContain('Threshold reached');
    await author.getByTestId('file-amendment').click();
    await expect.poll(() => author.locator('#amendment-heading').textContent()).toContain('#2');
    expect(await author.getByTestId('draft-notice').count()).toBe(0);

    const inbox = await pageAs(organiser, `/r/${slug}?tab=amendments`);
    await expect.poll(() => inbox.getByTestId('amendment-card').count()).toBe(2);
    expect(await inbox.getByTestId('amendment-card').first().getAttribute('data-amendment-id')).toBe(amendment.id);
    expect(await inbox.getByTestId('amendment-card').first().getByTestId('cosign-overdue').count()).toBe(1);
    await inbox.screenshot({ path: 'test-results/cosigning-inbox.png', fullPage: true });
    await author.screenshot({ path: 'test-results/cosigning-detail.png', fullPage: true });
    await Promise.all([cosigner, author, inbox].map((p) => p.context().close()));
  });
});
