import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, openDraftPage } from '../helpers/browser.js';
import { describeA11yViolations, seriousA11yViolations } from '../helpers/a11y.js';
import type { ApiClient } from '../helpers/client.js';
import { openDebate } from '../helpers/fixtures.js';
import { dragSelect } from '../helpers/page-actions.js';

const suite = browserSuite();

/** A page signed in as `person` on the rulebook's live draft (`query` opens an article's discussion), once connected. */
const draftPage = (person: ApiClient, slug: string, options: { width?: number; query?: string } = {}) => openDraftPage(suite.browser, suite.server.url, person, slug, options);

const paragraph = (page: Page, n: number) => page.getByTestId('editor').locator('article.rb-article').nth(n - 1).locator('p').first();
const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid'));

async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  expect(violations, describeA11yViolations(where, violations)).toEqual([]);
}

/** The node types and marks found anywhere in some ProseMirror JSON. */
function typesIn(json: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(json)) json.forEach((item) => typesIn(item, found));
  else if (json && typeof json === 'object') {
    const { type, marks, content } = json as { type?: string; marks?: unknown; content?: unknown };
    if (type) found.add(type);
    typesIn(marks, found);
    typesIn(content, found);
  }
  return found;
}

describe('suggestion mode', () => {
  it('turns the article into an editable copy with bold and a list item, tracks the changes live, and sends them as content', async () => {
    const { slug, draft, lea } = await openDebate(suite.server, 3);
    const article = draft.articles[1];
    const page = await draftPage(lea, slug);

    await dragSelect(paragraph(page, 2), 'word2x5 word2x6');
    await page.getByTestId('selection-toolbar').getByTestId('selection-propose').click();
    const dialog = page.getByTestId('suggestion-dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('data-kind')).toBe('modify');
    expect(await dialog.locator('h2').textContent()).toBe('Suggest a change to Article 2');
    expect(await dialog.getByTestId('propose-quote').locator('blockquote').textContent()).toBe('word2x5 word2x6');
    const editor = dialog.getByTestId('suggestion-editor');
    expect(await editor.getAttribute('aria-label')).toBe('Your version of Article 2');
    // Focus is in the copy, with the passage selected there, ready to be retyped.
    await expect.poll(() => focusedTestId(page)).toBe('suggestion-editor');
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('word2x5 word2x6');
    expect(await dialog.getByTestId('suggestion-summary').textContent()).toBe('No change yet.');

    // Bold with Mod-b, typed over the passage: the old words struck through in a widget, the new ones inserted.
    await page.keyboard.press('ControlOrMeta+b');
    expect(await dialog.getByTestId('tool-bold').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.type('firmly bound');
    await editor.locator('strong', { hasText: 'firmly bound' }).waitFor();
    expect(await editor.locator('ins.sg-ins').allTextContents()).toContain('firmly bound');
    const deleted = editor.locator('del.sg-del');
    expect(await deleted.textContent()).toBe('word2x5 word2x6');
    expect(await deleted.getAttribute('contenteditable')).toBe('false');
    // Read without colour: underline and strike-through, and words for screen readers.
    expect(await editor.locator('ins.sg-ins').first().evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('underline');
    expect(await deleted.evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through');
    expect(await deleted.evaluate((el) => getComputedStyle(el, '::before').content)).toBe('" deleted: "');
    await page.keyboard.press('ControlOrMeta+b');
    expect(await dialog.getByTestId('tool-bold').getAttribute('aria-pressed')).toBe('false');

    // The rest of the paragraph becomes a list item of its own (Delete takes the space: keys ProseMirror handles
    // from its own state, where a caret moved by the browser would be read back only at the next selectionchange).
    await page.keyboard.press('Delete');
    await page.keyboard.press('Enter');
    await dialog.getByTestId('tool-bullet-list').click();
    expect(await dialog.getByTestId('tool-bullet-list').getAttribute('aria-pressed')).toBe('true');
    expect(await editor.locator('ul > li').textContent()).toMatch(/^word2x7 .* word2x19$/);
    expect(await focusedTestId(page)).toBe('suggestion-editor');
    expect(await dialog.getByTestId('suggestion-summary').textContent()).toMatch(/^\d+ insertions?, 1 deletion$/);
    expect(await dialog.getByTestId('propose-submit').getAttribute('aria-describedby')).toBe(await dialog.getByTestId('suggestion-summary').getAttribute('id'));

    await expectAccessible(page, 'the suggestion dialog with tracked changes');
    await page.screenshot({ path: '/tmp/amendo-suggestion-desktop.png' });

    // Nothing is sent without a rationale.
    expect(await dialog.getByTestId('propose-submit').isDisabled()).toBe(true);
    await dialog.locator('textarea[name=rationale]').fill('Members should be bound.');
    await dialog.getByTestId('propose-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator(`[data-testid=side-panel][data-article-id="${article.id}"]`).getByTestId('propose-done').waitFor();

    const [amendment] = (await lea.get(`/api/rulebooks/${slug}/amendments`)).body;
    expect(amendment).toMatchObject({ kind: 'modify', articleId: article.id, title: 'Rule 2', rationale: 'Members should be bound.' });
    const found = typesIn(amendment.content);
    expect(found.has('strong')).toBe(true);
    expect(found.has('bullet_list')).toBe(true);
    expect(JSON.stringify(amendment.content)).toContain('"text":"firmly bound"');
    expect(amendment.text).not.toContain('word2x5 word2x6');
  });

  it('adds an article after this one, or deletes it, from the same place; Escape asks before dropping a change', async () => {
    const { slug, draft, lea } = await openDebate(suite.server, 3);
    const article = draft.articles[0];
    const page = await draftPage(lea, slug, { query: `?article=${article.id}` });
    const panel = page.locator(`[data-testid=side-panel][data-article-id="${article.id}"]`);
    const dialog = page.getByTestId('suggestion-dialog');

    // A new article: title, Enter to its text, italic with Mod-i.
    await panel.getByTestId('propose-insert').click();
    expect(await dialog.getAttribute('data-kind')).toBe('insert');
    await expect.poll(() => focusedTestId(page)).toBe('suggestion-editor');
    expect(await dialog.getByTestId('suggestion-summary').textContent()).toBe('The new article needs a title and some text.');
    await page.keyboard.type('Quiet rooms');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Phones stay ');
    await page.keyboard.press('ControlOrMeta+i');
    await page.keyboard.type('silent');
    await dialog.getByTestId('suggestion-editor').locator('em', { hasText: 'silent' }).waitFor();
    // Nothing is tracked in a new article: all of it is new.
    expect(await dialog.locator('ins.sg-ins, del.sg-del').count()).toBe(0);
    expect(await dialog.getByTestId('suggestion-summary').textContent()).toBe('A new Article 2; the articles after it would be renumbered.');
    await page.screenshot({ path: '/tmp/amendo-suggestion-insert.png' });
    await dialog.locator('textarea[name=rationale]').fill('Games need quiet.');
    await dialog.getByTestId('propose-submit').click();
    await panel.getByTestId('propose-done').waitFor();
    const inserted = (await lea.get(`/api/rulebooks/${slug}/amendments`)).body.find((a: { kind: string }) => a.kind === 'insert');
    expect(inserted).toMatchObject({ afterArticleId: article.id, title: 'Quiet rooms', text: 'Phones stay silent' });
    expect(typesIn(inserted.content).has('em')).toBe(true);

    // Escape, once something is written, asks first; declining keeps the copy as it was.
    await panel.getByTestId('propose-change').click();
    await expect.poll(() => focusedTestId(page)).toBe('suggestion-editor');
    await page.keyboard.type('Also ');
    const questions: string[] = [];
    page.once('dialog', (question) => {
      questions.push(question.message());
      void question.dismiss();
    });
    await page.keyboard.press('Escape');
    await expect.poll(() => questions).toEqual(['Discard your suggestion?']);
    expect(await dialog.isVisible()).toBe(true);
    page.once('dialog', (question) => void question.accept());
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // The article's discussion stays open, focus back on the button that opened suggestion mode.
    await panel.waitFor();
    await expect.poll(() => focusedTestId(page)).toBe('propose-change');

    // Deleting: the same dialog, its third choice; the article shown struck through, the rationale focused.
    await panel.getByTestId('propose-delete').click();
    expect(await dialog.getAttribute('data-kind')).toBe('delete');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.name)).toBe('rationale');
    expect(await dialog.getByTestId('suggestion-deleted-article').textContent()).toContain('Rule 1');
    expect(await dialog.getByTestId('suggestion-kind-delete').isChecked()).toBe(true);
    // Switching choice inside the dialog shows the copy to change instead, and back.
    await dialog.getByTestId('suggestion-kind-modify').check();
    await dialog.getByTestId('suggestion-editor').first().waitFor();
    await dialog.getByTestId('suggestion-kind-delete').check();
    expect(await dialog.getByTestId('suggestion-editor').isVisible()).toBe(false);
    await dialog.locator('textarea[name=rationale]').fill('Redundant.');
    await expectAccessible(page, 'the suggestion dialog on its deletion choice');
    await page.screenshot({ path: '/tmp/amendo-suggestion-delete.png' });
    // Opened as a draft amendment, to collect co-signers first.
    await dialog.getByTestId('propose-as-draft').check();
    await dialog.getByTestId('propose-submit').click();
    await dialog.waitFor({ state: 'detached' });
    const done = panel.getByTestId('propose-done');
    expect(await done.textContent()).toContain('Draft saved');
    const id = (await done.locator('a').getAttribute('href'))!.split('/').pop();
    expect((await lea.get(`/api/amendments/${id}`)).body).toMatchObject({ kind: 'delete', articleId: article.id, status: 'draft', content: null, rationale: 'Redundant.' });
  });

  it('rewords an amendment from its page in the same editor, its changes tracked against the article it was proposed on', async () => {
    const { slug, draft, lea } = await openDebate(suite.server, 2);
    const article = draft.articles[0];
    const content = [{ type: 'paragraph', content: [{ type: 'text', text: 'Members meet ' }, { type: 'text', text: 'twice', marks: [{ type: 'strong' }] }, { type: 'text', text: ' a year.' }] }];
    const proposed = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: article.id, content, rationale: 'Clearer.' });
    expect(proposed.status).toBe(201);
    const page = await draftPage(lea, slug);
    await page.goto(`${suite.server.url}/r/${slug}/amendments/${proposed.body.id}`);

    await page.getByTestId('amendment-edit').click();
    const form = page.getByTestId('amendment-edit-form');
    const editor = form.getByTestId('suggestion-editor');
    await expect.poll(() => focusedTestId(page)).toBe('suggestion-editor');
    // The proposal as sent, bold kept, its difference from the article shown as tracked changes.
    await editor.locator('ins.sg-ins', { hasText: 'twice' }).waitFor();
    await editor.locator('strong', { hasText: 'twice' }).waitFor();
    expect(await editor.locator('del.sg-del').first().textContent()).toContain('word1x0');
    // The editor came into view with focus; the caret put at the end of its text, then a new item of a numbered list.
    expect(await editor.evaluate((el) => el.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true);
    await editor.evaluate((el) => {
      const last = [...el.querySelectorAll('ins.sg-ins')].pop()!.lastChild!;
      window.getSelection()!.collapse(last, last.textContent!.length);
    });
    await page.keyboard.press('Enter');
    await expect.poll(() => editor.locator('p').count()).toBe(2);
    await form.getByTestId('tool-ordered-list').click();
    await page.keyboard.type('Minutes are kept.');
    await expectAccessible(page, 'the amendment page with its edit form');
    await page.screenshot({ path: '/tmp/amendo-suggestion-edit.png' });
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });

    const edited = (await lea.get(`/api/amendments/${proposed.body.id}`)).body;
    expect(typesIn(edited.content)).toEqual(new Set(['paragraph', 'text', 'strong', 'ordered_list', 'list_item']));
    expect(edited.text).toBe('Members meet twice a year.\n\n1. Minutes are kept.');
  });

  it('fits a 375 px wide screen, accessible', async () => {
    const { slug, draft, lea } = await openDebate(suite.server, 2);
    const page = await draftPage(lea, slug, { width: 375, query: `?article=${draft.articles[0].id}` });
    await page.getByTestId('side-panel').getByTestId('propose-change').click();
    const dialog = page.getByTestId('suggestion-dialog');
    await expect.poll(() => focusedTestId(page)).toBe('suggestion-editor');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Control+ArrowRight');
    await page.keyboard.type('Each');
    await dialog.locator('ins.sg-ins', { hasText: 'Each' }).waitFor();
    await dialog.locator('del.sg-del', { hasText: 'word1x0' }).waitFor();
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    expect(await dialog.getByTestId('toolbar').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await expectAccessible(page, 'the suggestion dialog at 375 px');
    await page.screenshot({ path: '/tmp/amendo-suggestion-375.png' });
  });
});
