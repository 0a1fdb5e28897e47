import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, openDraftPage } from '../helpers/browser.js';
import type { ApiClient } from '../helpers/client.js';
import { openDebate } from '../helpers/fixtures.js';
import { dragSelect } from '../helpers/page-actions.js';
import { pdfRuns } from '../helpers/pdf-text.js';

/**
 * The whole path of a formatted suggestion: a member suggests a change in the text (bold words, a list item), the
 * organiser sees it in place in the draft and accepts it from there, and the bold and the list are in the draft,
 * in the release page and in the release's PDF.
 */

const suite = browserSuite();

/** A page signed in as `person` on the rulebook's live draft, once connected. */
const draftPage = (person: ApiClient, slug: string) => openDraftPage(suite.browser, suite.server.url, person, slug, { locale: 'en-GB', timeout: 15_000 });

const article = (page: Page, n: number) => page.getByTestId('editor').locator('article.rb-article').nth(n - 1);

describe('a formatted suggestion, from the text to the official PDF', () => {
  it('keeps its bold words and its list item from the suggestion, through the decision in place, to the release and its PDF', async () => {
    const { organiser, slug, lea } = await openDebate(suite.server, 3);

    // Léa selects a passage of Article 2, retypes it in bold and makes the rest of the paragraph a list item.
    const member = await draftPage(lea, slug);
    await dragSelect(article(member, 2).locator('p').first(), 'word2x5 word2x6');
    await member.getByTestId('selection-toolbar').getByTestId('selection-propose').click();
    const dialog = member.getByTestId('suggestion-dialog');
    await dialog.waitFor();
    await expect.poll(() => member.evaluate(() => window.getSelection()?.toString())).toBe('word2x5 word2x6');
    await member.keyboard.press('ControlOrMeta+b');
    await member.keyboard.type('firmly bound');
    await member.keyboard.press('ControlOrMeta+b');
    // Delete takes the space: a key ProseMirror handles from its own state, unlike a caret the browser moves.
    await member.keyboard.press('Delete');
    await member.keyboard.press('Enter');
    await dialog.getByTestId('tool-bullet-list').click();
    // The change is seen before it is sent.
    expect(await dialog.getByTestId('suggestion-editor').locator('ins.sg-ins').allTextContents()).toContain('firmly bound');
    expect(await dialog.getByTestId('suggestion-editor').locator('del.sg-del').textContent()).toContain('word2x5 word2x6');
    await dialog.locator('textarea[name=rationale]').fill('Members should be bound.');
    await dialog.getByTestId('propose-submit').click();
    await dialog.waitFor({ state: 'detached' });
    const [amendment] = (await lea.get(`/api/rulebooks/${slug}/amendments`)).body as Array<{ id: string }>;

    // The organiser sees it in place in the draft, bold words and all, and accepts it from there.
    const desk = await draftPage(organiser, slug);
    const badge = article(desk, 2).locator(`[data-testid=inplace-badge][data-amendment-id="${amendment!.id}"]`).first();
    await badge.waitFor();
    expect(await article(desk, 2).locator('[data-testid=inplace-insert] ins strong').allTextContents()).toContain('firmly bound');
    await badge.click();
    const popover = desk.getByTestId('inplace-popover');
    await popover.getByTestId('decision-accept').click();
    await popover.getByTestId('decision-reason').fill('Clearer, and binding.');
    await popover.getByTestId('decision-submit').click();
    await desk.getByRole('dialog', { name: /^Accept amendment #\d+\?$/ }).getByTestId('confirm-dialog-confirm').click();
    await popover.waitFor({ state: 'detached' });
    await expect.poll(() => article(desk, 2).locator('p strong').allTextContents()).toEqual(['firmly bound']);
    expect(await article(desk, 2).locator('ul > li').textContent()).toMatch(/^word2x7 .* word2x19$/);

    // Released: the release page and the PDF keep the bold words and the list.
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).status).toBe(201);
    await desk.goto(`${suite.server.url}/r/${slug}/releases/1.0`);
    const frozen = desk.getByTestId('frozen-text').locator('.frozen-article').nth(1);
    await expect.poll(() => frozen.locator('p strong').allTextContents()).toEqual(['firmly bound']);
    expect(await frozen.locator('ul > li').textContent()).toMatch(/^word2x7 .* word2x19$/);
    const pdf = new Uint8Array(await (await fetch(`${suite.server.url}/api/rulebooks/${slug}/releases/1.0/pdf`)).arrayBuffer());
    const runs = (await pdfRuns(pdf)).flat();
    expect(runs.find((r) => r.str.includes('firmly bound'))?.font).toMatch(/SourceSerif4.*Bold/);
    expect(runs.filter((r) => r.str.trim() === '•')).toHaveLength(1);
  });
});
