import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, countUpdatesSent, openDraftPage } from '../helpers/browser.js';
import { describeA11yViolations, seriousA11yViolations } from '../helpers/a11y.js';
import type { ApiClient } from '../helpers/client.js';
import { openDebate } from '../helpers/fixtures.js';
import { dragSelect } from '../helpers/page-actions.js';

const suite = browserSuite();

/** A page signed in as `person` on the rulebook's live draft, with the clipboard, once connected. */
const draftPage = (person: ApiClient, slug: string, width = 1280) => openDraftPage(suite.browser, suite.server.url, person, slug, { width, clipboard: true });

/** The first paragraph of the n-th article (1-based) of the draft. */
const paragraph = (page: Page, n: number) => page.getByTestId('editor').locator('article.rb-article').nth(n - 1).locator('p').first();

async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  expect(violations, describeA11yViolations(where, violations)).toEqual([]);
}

describe('the floating toolbar by a selected passage', () => {
  it('lets a member select a passage with the mouse and comment on it from the toolbar', async () => {
    const { slug, draft, lea } = await openDebate(suite.server, 3);
    const article = draft.articles[1];
    const page = await draftPage(lea, slug);
    const toolbar = page.getByTestId('selection-toolbar');

    await dragSelect(paragraph(page, 2), 'word2x5 word2x6');
    await toolbar.waitFor();
    expect(await toolbar.getAttribute('role')).toBe('toolbar');
    expect(await toolbar.getByTestId('selection-comment').getAttribute('title')).toBe('Comment (Alt+C)');
    expect(await toolbar.getByTestId('selection-comment').getAttribute('aria-keyshortcuts')).toBe('Alt+C');
    // It floats above the passage, not over it.
    const passageTop = (await paragraph(page, 2).boundingBox())!.y;
    expect((await toolbar.boundingBox())!.y).toBeLessThan(passageTop);
    await expectAccessible(page, 'the draft with the selection toolbar');

    await toolbar.getByTestId('selection-comment').click();
    const panel = page.locator(`[data-testid=side-panel][data-article-id="${article.id}"]`);
    const form = panel.getByTestId('comment-form');
    await expect.poll(() => form.locator('.comment-quote').textContent()).toBe('word2x5 word2x6');
    // The text field has the focus: the member just types.
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe('comment-input');
    await page.keyboard.type('Why these two words?');
    await form.getByTestId('comment-submit').click();
    await panel.getByTestId('comment-item').filter({ hasText: 'Why these two words?' }).waitFor();
    expect(await toolbar.count()).toBe(0);

    const [comment] = (await lea.get(`/api/rulebooks/${slug}/articles/${article.id}/comments`)).body;
    expect(comment).toMatchObject({ body: 'Why these two words?', quote: 'word2x5 word2x6', anchor: { status: 'attached', text: 'word2x5 word2x6' } });
    // The passage it quotes is highlighted in the draft.
    await expect.poll(() => page.getByTestId('editor').getByTestId('comment-anchor').allTextContents()).toEqual(['word2x5 word2x6']);
  });

  it('lets a member select with the keyboard only in the read-only draft and comment with Alt+C', async () => {
    const { slug, draft, lea } = await openDebate(suite.server, 3);
    const article = draft.articles[1];
    const page = await draftPage(lea, slug);
    const updatesSent = countUpdatesSent(page);
    const editor = page.getByTestId('editor');
    expect(await editor.getAttribute('aria-readonly')).toBe('true');
    const toolbar = page.getByTestId('selection-toolbar');

    // Once the debate's figures are in (their markers redraw), the contents entry takes the caret to Article 2; the
    // keyboard goes down to its text and selects two words.
    await page.waitForLoadState('networkidle');
    await page.getByTestId('toc-article').nth(1).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('editor');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home');
    for (let i = 0; i < 'word2x0 word2x1 word2x2 word2x3 word2x4 '.length; i++) await page.keyboard.press('ArrowRight');
    for (let i = 0; i < 'word2x5 word2x6'.length; i++) await page.keyboard.press('Shift+ArrowRight');
    expect(await page.evaluate(() => document.getSelection()?.toString())).toBe('word2x5 word2x6');
    await toolbar.waitFor();
    await expect.poll(() => page.getByTestId('selection-announcement').textContent()).toBe('Passage selected: Alt+C to comment on it, Alt+F10 for the toolbar.');

    // Typing over the selection changes nothing and sends nothing.
    await page.keyboard.type('x');
    await page.keyboard.press('Backspace');
    expect(await paragraph(page, 2).textContent()).toContain('word2x4 word2x5 word2x6 word2x7');
    expect(updatesSent()).toBe(0);
    expect(await page.evaluate(() => document.getSelection()?.toString())).toBe('word2x5 word2x6');

    // Alt+F10 reaches the toolbar, Escape closes it and gives the focus back to the text, selection kept.
    for (let i = 0; i < 'word2x5 word2x6'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    for (let i = 0; i < 'word2x5 word2x6'.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Alt+F10');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('selection-comment');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('selection-propose');
    await page.keyboard.press('Escape');
    await toolbar.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('editor');
    expect(await page.evaluate(() => document.getSelection()?.toString())).toBe('word2x5 word2x6');

    await page.keyboard.press('Alt+C');
    const form = page.locator(`[data-testid=side-panel][data-article-id="${article.id}"]`).getByTestId('comment-form');
    await expect.poll(() => form.locator('.comment-quote').textContent()).toBe('word2x5 word2x6');
    await page.keyboard.type('Chosen with the keyboard.');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('comment-submit');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await lea.get(`/api/rulebooks/${slug}/articles/${article.id}/comments`)).body.map((c: any) => [c.body, c.quote, c.anchor.status]))
      .toEqual([['Chosen with the keyboard.', 'word2x5 word2x6', 'attached']]);
    expect(updatesSent()).toBe(0);
  });

  it('opens suggestion mode on the right article, the passage selected in its copy, from "Propose a change"', async () => {
    const { slug, draft, lea } = await openDebate(suite.server, 3);
    const article = draft.articles[2];
    const page = await draftPage(lea, slug);
    await dragSelect(paragraph(page, 3), 'word3x10 word3x11');
    await page.getByTestId('selection-toolbar').getByTestId('selection-propose').click();

    const panel = page.locator(`[data-testid=side-panel][data-article-id="${article.id}"]`);
    const dialog = page.getByTestId('suggestion-dialog');
    await dialog.getByTestId('suggestion-editor').waitFor();
    expect(await dialog.getByTestId('propose-quote').locator('blockquote').textContent()).toBe('word3x10 word3x11');
    expect(await dialog.locator('h2').textContent()).toBe('Suggest a change to Article 3');
    // The passage is selected in the article's copy, where the member retypes it.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'suggestion-editor' && window.getSelection()?.toString()))
      .toBe('word3x10 word3x11');
    await page.keyboard.type('a better rule');
    await dialog.locator('textarea[name=rationale]').fill('Clearer.');
    await dialog.getByTestId('propose-submit').click();
    await panel.getByTestId('propose-done').waitFor();
    const [amendment] = (await lea.get(`/api/rulebooks/${slug}/amendments`)).body;
    expect(amendment).toMatchObject({ kind: 'modify', articleId: article.id });
    expect(amendment.text).toContain('word3x9 a better rule word3x12');

    // Its card, in the panel and in the Amendments tab, shows the change itself.
    const summary = panel.getByTestId('amendment-card').getByTestId('change-summary');
    await summary.waitFor();
    expect(await summary.locator('del').textContent()).toMatch(/word3x10 word3x11/);
    expect(await summary.locator('ins').textContent()).toMatch(/a better rule/);
  });

  it('shows the proposed change on amendment cards as phrases, with a little unchanged text around them', async () => {
    const { slug, draft, lea } = await openDebate(suite.server, 2);
    const before = draft.articles[0].text as string;
    const text = before.replace('word1x3 word1x4', 'two new words').replace('word1x16', 'last');
    expect((await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: draft.articles[0].id, text, rationale: 'Plainer words.' })).status).toBe(201);
    const page = await draftPage(lea, slug);
    await page.getByTestId('tab-amendments').click();
    const summary = page.getByTestId('amendment-card').getByTestId('change-summary');
    await summary.waitFor();
    expect(await summary.locator('del').allTextContents()).toEqual(['[removed: word1x3 word1x4]', '[removed: word1x16]']);
    expect(await summary.locator('ins').allTextContents()).toEqual(['[added: two new words]', '[added: last]']);
    // Five words of context on each side; the rest of the article is left out.
    const shown = (await summary.evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.visually-hidden, figcaption').forEach((hidden) => hidden.remove());
      return copy.textContent;
    }))!;
    expect(shown).toBe('word1x0 word1x1 word1x2 word1x3 word1x4two new words word1x5 word1x6 word1x7 word1x8 word1x9 … word1x11 word1x12 word1x13 word1x14 word1x15 word1x16last word1x17 word1x18 word1x19');
    await expectAccessible(page, 'the amendments tab with change summaries');
  });

  it('offers "Copy quote" on a release page, where there are no comments', async () => {
    const { organiser, slug, lea } = await openDebate(suite.server, 2);
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).status).toBe(201);
    const page = await draftPage(lea, slug);
    await page.goto(`${suite.server.url}/r/${slug}/releases/1.0`);
    const block = page.getByTestId('frozen-text').locator('.frozen-article').nth(1).locator('p', { hasText: 'word2x2 word2x3' });
    await block.waitFor();
    await dragSelect(block, 'word2x2 word2x3');
    const toolbar = page.getByTestId('selection-toolbar');
    await toolbar.waitFor();
    expect(await toolbar.locator('button').allTextContents()).toEqual(['Copy quote']);
    await expectAccessible(page, 'a release page with the selection toolbar');
    await toolbar.getByTestId('selection-copy-quote').click();
    await toolbar.getByTestId('selection-toolbar-note').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const articleId = await page.getByTestId('frozen-text').locator('.frozen-article').nth(1).getAttribute('data-article-id');
    // The address is the article's stable citation in that version, which survives renumbering.
    expect(copied).toBe(`“word2x2 word2x3”\n— Article 2 – Rule 2, version 1.0\n${suite.server.url}/r/${slug}/v/1.0/a/${articleId}`);
  });
});
