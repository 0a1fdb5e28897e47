import { describe, expect, it } from 'vitest';
import { browserSuite, countUpdatesSent, signIn, textWithoutCursors } from '../helpers/browser.js';
import { organiserWithRulebook } from '../helpers/fixtures.js';

const suite = browserSuite();

/** An organiser's page (signed in) and a signed-out reader's page on the same new rulebook, both synced. */
async function organiserAndReader(articles: number) {
  const { account, slug } = await organiserWithRulebook(suite.server, articles);
  const organiserPage = await (await suite.newContext()).newPage();
  const readerPage = await (await suite.newContext()).newPage();
  const updatesSentByReader = countUpdatesSent(readerPage);
  await signIn(organiserPage, suite.server.url, account.email, account.password);
  for (const page of [organiserPage, readerPage]) {
    await page.goto(`${suite.server.url}/r/${slug}`);
    await page.locator('[data-testid=connection-status][data-status=connected]').waitFor();
    await page.getByTestId('editor').locator('article.rb-article').nth(articles - 1).waitFor();
  }
  return { slug, organiserPage, readerPage, updatesSentByReader };
}

describe('the live draft in a browser', () => {
  it('shows what an organiser types to a signed-out reader, who cannot type', async () => {
    const { slug, organiserPage, readerPage, updatesSentByReader } = await organiserAndReader(3);
    await expect(readerPage.getByTestId('read-only-banner').isVisible()).resolves.toBe(true);
    expect(await readerPage.getByTestId('editor').getAttribute('aria-readonly')).toBe('true');
    expect(await organiserPage.getByTestId('editor').getAttribute('contenteditable')).toBe('true');

    // The organiser types at the start of Article 2's first paragraph.
    const paragraph = organiserPage.getByTestId('editor').locator('article.rb-article').nth(1).locator('p').first();
    await paragraph.click({ position: { x: 1, y: 4 } });
    await organiserPage.keyboard.type('Typed live by the organiser. ');

    const readerParagraph = readerPage.getByTestId('editor').locator('article.rb-article').nth(1).locator('p').first();
    await expect.poll(() => textWithoutCursors(readerParagraph), { timeout: 10_000 }).toMatch(/^Typed live by the organiser\. word2x0/);

    // The reader's keystrokes change nothing, locally or on the server. The organiser then types on: once that reaches
    // the reader, whatever the reader's keystrokes did or sent before it would show.
    await readerParagraph.click();
    await readerPage.keyboard.type('reader was here');
    await organiserPage.keyboard.type('Then this. ');
    await expect.poll(() => textWithoutCursors(readerParagraph), { timeout: 10_000 }).toMatch(/^Typed live by the organiser\. Then this\. word2x0/);
    expect(await textWithoutCursors(readerParagraph)).not.toContain('reader was here');
    expect(updatesSentByReader()).toBe(0);
    const draft = (await (await fetch(`${suite.server.url}/api/rulebooks/${slug}/draft`)).json()) as { articles: { text: string }[] };
    expect(draft.articles[1]!.text.startsWith('Typed live by the organiser. Then this. word2x0')).toBe(true);
    expect(JSON.stringify(draft)).not.toContain('reader was here');
  });

  it('adds a new article below the current one and renumbers the table of contents in the other browser', async () => {
    const { slug, organiserPage, readerPage } = await organiserAndReader(3);
    await readerPage.getByTestId('toc').locator('[data-testid=toc-article]').nth(2).waitFor();

    await organiserPage.getByTestId('editor').locator('article.rb-article').first().locator('p').first().click();
    await organiserPage.getByTestId('tool-new-article').click();
    await organiserPage.keyboard.type('Inserted rule');

    const tocItems = readerPage.getByTestId('toc').locator('[data-testid=toc-article]');
    await expect.poll(() => tocItems.allTextContents(), { timeout: 10_000 }).toEqual([
      expect.stringMatching(/1.*Rule 1/),
      expect.stringMatching(/2.*Inserted rule/),
      expect.stringMatching(/3.*Rule 2/),
      expect.stringMatching(/4.*Rule 3/),
    ]);
    const draft = (await (await fetch(`${suite.server.url}/api/rulebooks/${slug}/draft`)).json()) as { articles: { id: string; title: string }[] };
    expect(draft.articles.map((a) => a.title)).toEqual(['Rule 1', 'Inserted rule', 'Rule 2', 'Rule 3']);
    expect(new Set(draft.articles.map((a) => a.id)).size).toBe(4);
  });
});
