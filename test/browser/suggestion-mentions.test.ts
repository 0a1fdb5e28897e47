import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, openDraftPage } from '../helpers/browser.js';
import { describeA11yViolations, seriousA11yViolations } from '../helpers/a11y.js';
import type { ApiClient } from '../helpers/client.js';
import { openDebate, organiserWithRulebook } from '../helpers/fixtures.js';

/**
 * People write "see article 12": the Markdown import counts such mentions and turns them into references if the
 * organiser keeps the choice; the suggestion editor offers each one in a member's copy as a reference.
 */

const suite = browserSuite();

/** A page signed in as `person` on the rulebook's live draft (`query` opens an article's discussion), once connected. */
const draftPage = (person: ApiClient, slug: string, query = '') => openDraftPage(suite.browser, suite.server.url, person, slug, { query });

async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  expect(violations, describeA11yViolations(where, violations)).toEqual([]);
}

const MARKDOWN = [
  '# Prize',
  '',
  '## Object',
  '',
  'The prize rewards a story.',
  '',
  '## Entries',
  '',
  'One story each, read by the jury of article 3.',
  '',
  '## Jury',
  '',
  "Five members, chosen as l’article 1er and articles 2 et 3 say; article 9 does not exist.",
].join('\n');

describe('mentions of articles by number', () => {
  it('are counted before a Markdown import, which makes them references unless the organiser unticks it', async () => {
    const { organiser, slug } = await organiserWithRulebook(suite.server, 1);
    const page = await draftPage(organiser, slug);
    page.on('dialog', (dialog) => void dialog.accept());
    const form = page.getByTestId('import-form');
    await page.locator('details', { has: form }).locator('summary').click();
    await form.locator('textarea[name=markdown]').fill(MARKDOWN);

    const offer = form.getByTestId('import-mentions');
    await offer.waitFor();
    expect(await offer.locator('p').textContent()).toBe('The text mentions articles by number 4 times, for example:');
    expect(await offer.locator('li mark').allTextContents()).toEqual(['article 3', 'article 1er', 'articles 2 et 3']);
    expect(await offer.getByTestId('import-references').isChecked()).toBe(true);
    await expectAccessible(page, 'the import form with mentions found');

    await form.getByTestId('import-submit').click();
    await form.getByTestId('import-done').waitFor();
    const editor = page.getByTestId('editor');
    await expect.poll(() => editor.locator('.rb-ref').count()).toBe(4);
    const { body: draft } = await organiser.get(`/api/rulebooks/${slug}/draft`);
    expect(draft.articles[2].text).toBe('Five members, chosen as l’article 1er and articles 2 et 3 say; article 9 does not exist.');

    // Unticked, the same text is imported as written.
    await form.locator('textarea[name=markdown]').fill(MARKDOWN);
    await offer.getByTestId('import-references').uncheck();
    await form.getByTestId('import-submit').click();
    await expect.poll(() => editor.locator('.rb-ref').count()).toBe(0);
  });

  it('are offered as references in the suggestion editor, one at a time or all at once, and sent as such', async () => {
    const { slug, draft, lea } = await openDebate(suite.server, 3);
    const [first, second, third] = draft.articles;
    const page = await draftPage(lea, slug, `?article=${third.id}`);
    await page.locator(`[data-testid=side-panel][data-article-id="${third.id}"]`).getByTestId('propose-change').click();
    const dialog = page.getByTestId('suggestion-dialog');
    const editor = dialog.getByTestId('suggestion-editor');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid'))).toBe('suggestion-editor');
    // Enter goes from the title to the text.
    await page.keyboard.press('Enter');
    await page.keyboard.type('As article 1 says, see articles 2 and 3, and Art. 2 for article 7. ');

    const items = dialog.getByTestId('mention-offer-item');
    await expect.poll(() => items.allTextContents()).toEqual([
      '“article 1” can follow renumbering Make it a reference',
      '“articles 2 and 3” can follow renumbering Make it a reference',
      '“Art. 2” can follow renumbering Make it a reference',
    ]);
    await expectAccessible(page, 'the suggestion dialog offering references');
    await items.first().getByTestId('mention-make').click();
    await expect.poll(() => editor.locator('.rb-ref').allTextContents()).toEqual(['article 1']);
    expect(await items.count()).toBe(2);
    await dialog.getByTestId('mention-make-all').click();
    await expect.poll(() => editor.locator('.rb-ref').count()).toBe(4);
    expect(await dialog.getByTestId('mention-offer').count()).toBe(0);
    // The references are part of what the copy inserts.
    expect(await editor.locator('ins.sg-ins .rb-ref').count()).toBe(4);

    await dialog.locator('textarea[name=rationale]').fill('Say where the rules are.');
    await dialog.getByTestId('propose-submit').click();
    await dialog.waitFor({ state: 'detached' });
    const [amendment] = (await lea.get(`/api/rulebooks/${slug}/amendments`)).body;
    expect(amendment.text).toMatch(/^As article 1 says, see articles 2 and 3, and Art\. 2 for article 7\. /);
    const refs = JSON.stringify(amendment.content).match(/"type":"article_ref","attrs":\{[^}]*\}/g) ?? [];
    const attrs = refs.map((r) => JSON.parse(`{${r}}`).attrs as Record<string, unknown>);
    expect(attrs.map(({ target, word, label }) => ({ target, word, label }))).toEqual([
      { target: first.id, word: 'article', label: '1' },
      { target: second.id, word: 'articles', label: '2' },
      { target: third.id, word: 'and', label: '3' },
      { target: second.id, word: 'Art.', label: '2' },
    ]);
  });
});
