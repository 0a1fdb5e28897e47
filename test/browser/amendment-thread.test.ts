import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, shareSession } from '../helpers/browser.js';
import { openDebate } from '../helpers/fixtures.js';

const suite = browserSuite();

/** Select the first occurrence of `text` inside the element matched by `selector`. */
async function selectText(page: Page, selector: string, text: string): Promise<void> {
  await page.evaluate(
    ([selector, text]) => {
      const root = document.querySelector(selector)!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(text);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        document.getSelection()!.removeAllRanges();
        document.getSelection()!.addRange(range);
        return;
      }
      throw new Error(`"${text}" is not in ${selector}`);
    },
    [selector, text] as const,
  );
}

describe("an amendment's thread in a browser", () => {
  it('takes a comment quoting the proposal and a reply, and turns #N into a link to amendment N', async () => {
    const { slug, draft, lea, yanis } = await openDebate(suite.server, 2);
    const propose = (articleId: string, text: string) => lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId, text, rationale: 'Clearer.' });
    const first = (await propose(draft.articles[0].id, 'Members meet once a year.')).body;
    const second = (await propose(draft.articles[1].id, 'Members meet twice a year.')).body;
    expect([first.number, second.number]).toEqual([1, 2]);

    const page = await (await suite.newContext()).newPage();
    await shareSession(page, suite.server.url, yanis.cookieHeader());
    await page.goto(`${suite.server.url}/r/${slug}/amendments/${second.id}`);
    const thread = page.getByTestId('amendment-detail').getByTestId('comments');
    await thread.getByTestId('comments-empty').waitFor();

    // A passage selected in the proposal is offered as the quote.
    await selectText(page, '[data-testid="diff-proposal"]', 'twice');
    await thread.getByTestId('quote-selection').click();
    await thread.getByTestId('comment-form').locator('textarea').fill('Does this clash with #1? And <b>#99</b> is not one.');
    await thread.getByTestId('comment-form').getByTestId('comment-submit').click();
    const posted = thread.getByTestId('comment-item').filter({ hasText: 'Does this clash' });
    await posted.waitFor();
    await expect.poll(() => posted.locator('blockquote').textContent()).toBe('twice');
    // Markup stays text; only an amendment that exists becomes a link.
    await expect.poll(() => posted.locator('.comment-body').textContent()).toBe('Does this clash with #1? And <b>#99</b> is not one.');
    expect(await posted.getByTestId('amendment-ref').allTextContents()).toEqual(['#1']);

    // Léa answers in the same thread, live for Yanis.
    const [comment] = (await yanis.get(`/api/amendments/${second.id}/comments`)).body;
    expect((await lea.post(`/api/amendments/${second.id}/comments`, { body: 'No: #1 is about article 1.', parentId: comment.id })).status).toBe(201);
    await posted.locator('.comment-replies').getByTestId('comment-item').filter({ hasText: 'No: #1 is about article 1.' }).waitFor();

    await posted.locator('.comment-body').first().getByTestId('amendment-ref').click();
    await page.waitForURL(`${suite.server.url}/r/${slug}/amendments/${first.id}`);
    await expect.poll(() => page.locator('#amendment-heading').textContent()).toContain('#1');
    await page.getByTestId('amendment-detail').getByTestId('comments').getByTestId('comments-empty').waitFor();
  });
});
