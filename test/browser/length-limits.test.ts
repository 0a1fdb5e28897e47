import { describe, expect, it } from 'vitest';
import { browserSuite, shareSession } from '../helpers/browser.js';
import { openDebate } from '../helpers/fixtures.js';
import { TextLimit } from '../../shared/validation/limits.js';

const suite = browserSuite();

describe('length limits in the forms', () => {
  it("stops a comment at the server's limit and counts the characters as it nears it", async () => {
    const { slug, draft, lea } = await openDebate(suite.server, 1);
    const page = await (await suite.newContext()).newPage();
    await shareSession(page, suite.server.url, lea.cookieHeader());
    await page.goto(`${suite.server.url}/r/${slug}`);
    await page.locator(`[data-testid=article-marker][data-article-id="${draft.articles[0].id}"]`).click();
    const form = page.getByTestId('side-panel').getByTestId('comment-form');
    const field = form.locator('textarea');
    expect(await field.getAttribute('maxlength')).toBe(String(TextLimit.commentBody));

    await field.fill('A short remark.');
    expect(await form.getByTestId('length-hint').count()).toBe(0);
    await field.fill('x'.repeat(TextLimit.commentBody + 5));
    expect(await field.inputValue()).toHaveLength(TextLimit.commentBody);
    await expect.poll(() => form.getByTestId('length-hint').textContent()).toMatch(/^10,000 \/ 10,000$|^10\s000 \/ 10\s000$/);
  });
});
