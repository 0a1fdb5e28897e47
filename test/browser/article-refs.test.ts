import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { browserSuite, signIn } from '../helpers/browser.js';
import { organiserWithRulebook } from '../helpers/fixtures.js';
import { connectProvider, synced } from '../helpers/client.js';
import { describeA11yViolations, seriousA11yViolations } from '../helpers/a11y.js';
import { dragSelect } from '../helpers/page-actions.js';
import { draftFragment } from '../../shared/doc/ydoc.js';

/**
 * An organiser refers to another article from the draft's text: the reference reads as that article's current
 * number while articles are added before it, reads as removed once the article is deleted (the organiser is told
 * which articles referred to it), and reads its number again once the deletion is undone.
 */

const suite = browserSuite();

/** The attributes of every reference node stored in the shared draft, as another client receives them. */
async function storedReferences(slug: string): Promise<Record<string, unknown>[]> {
  const provider = connectProvider(suite.server.collabUrl, slug);
  try {
    await synced(provider);
    const found: Record<string, unknown>[] = [];
    const walk = (node: Y.XmlElement | Y.XmlFragment) => {
      for (const child of node.toArray()) {
        if (!(child instanceof Y.XmlElement)) continue;
        if (child.nodeName === 'article_ref') found.push(child.getAttributes());
        walk(child);
      }
    };
    walk(draftFragment(provider.doc));
    return found;
  } finally {
    provider.destroy();
  }
}

describe('references to articles in the live draft', () => {
  it('follow renumbering, warn when their article is deleted, and read again once the deletion is undone', async () => {
    const { account, slug } = await organiserWithRulebook(suite.server, 4);
    const page = await (await suite.newContext()).newPage();
    await signIn(page, suite.server.url, account.email, account.password);
    await page.goto(`${suite.server.url}/r/${slug}`);
    await page.locator('[data-testid=connection-status][data-status=connected]').waitFor();
    const editor = page.getByTestId('editor');
    const articles = editor.locator('article.rb-article');
    await articles.nth(3).waitFor();

    // In Article 1's text, the organiser picks Article 3 by its number and inserts a reference to it.
    await articles.nth(0).locator('p').first().click({ position: { x: 1, y: 4 } });
    await page.keyboard.type('See ');
    await page.getByTestId('tool-reference').click();
    const picker = page.getByTestId('ref-picker');
    await expect.poll(() => picker.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('ref-picker-search');
    await page.keyboard.type('3');
    const violations = await seriousA11yViolations(page);
    expect(violations, describeA11yViolations('the reference picker', violations)).toEqual([]);
    expect(await picker.getByTestId('ref-picker-option').first().getAttribute('aria-selected')).toBe('true');
    expect(await picker.getByTestId('ref-picker-option').first().textContent()).toBe('Article 3Rule 3');
    await page.keyboard.press('Enter');
    await expect.poll(() => picker.count()).toBe(0);
    // Focus is back in the text, right after the reference.
    await page.keyboard.type('. ');
    const reference = articles.nth(0).locator('a.rb-ref');
    expect(await reference.textContent()).toBe('article 3');
    await expect.poll(() => articles.nth(0).locator('p').first().textContent()).toMatch(/^See article 3\. word1x0/);

    // The keyboard opens the picker too; Escape closes it, back to the text.
    await page.keyboard.press('Control+Alt+r');
    await picker.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => picker.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('editor');
    // Ctrl-click on the reference goes to its article, with the caret in its title; the page stays where it is.
    const address = page.url();
    await reference.click({ modifiers: ['Control'] });
    await expect.poll(() => page.evaluate(() => window.getSelection()?.anchorNode?.parentElement?.closest('h3')?.textContent)).toBe('Rule 3');
    expect(page.url()).toBe(address);

    // A new article before Article 3: the reference reads "article 4", though nobody touched Article 1.
    await articles.nth(1).locator('p').first().click();
    await page.getByTestId('tool-new-article').click();
    await page.keyboard.type('Inserted rule');
    await expect.poll(() => reference.textContent()).toBe('article 4');
    const draftText = async () => ((await (await fetch(`${suite.server.url}/api/rulebooks/${slug}/draft`)).json()) as { articles: { text: string }[] }).articles[0]!.text;
    await expect.poll(draftText, { timeout: 10_000 }).toMatch(/^See article 4\. word1x0/);
    // What is stored names the article and the number written; never the number read now.
    const stored = await storedReferences(slug);
    expect(stored).toEqual([expect.objectContaining({ word: 'article', label: '3' })]);
    expect(stored[0]).not.toHaveProperty('n');

    // Suggestion mode's copy of Article 1 holds that article alone: its reference still reads the live draft's number.
    await dragSelect(articles.nth(0).locator('p').first(), 'word1x1');
    await page.getByTestId('selection-toolbar').getByTestId('selection-propose').click();
    const copy = page.getByTestId('suggestion-dialog').getByTestId('suggestion-editor');
    await copy.waitFor();
    expect(await copy.locator('a.rb-ref').textContent()).toBe('article 4');
    await page.keyboard.press('Escape');
    await expect.poll(() => copy.count()).toBe(0);

    // The organiser deletes Article 4 (selected whole: Ctrl-click its title, then again for the article).
    const referenced = articles.nth(3);
    expect(await referenced.locator('h3').textContent()).toBe('Rule 3');
    await referenced.locator('h3').click({ modifiers: ['Control'] });
    await referenced.locator('h3').click({ modifiers: ['Control'] });
    await page.keyboard.press('Delete');
    await expect.poll(() => articles.count()).toBe(4);

    const notice = page.getByTestId('removed-references-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await notice.locator('p').textContent()).toBe('Article 4 “Rule 3” was referenced by article 1; that reference now reads as removed.');
    expect(await notice.getByTestId('removed-reference-by').getAttribute('href')).toContain('article=');
    // The reference now reads as removed: the number it was written with, struck, its title saying why.
    expect(await reference.getAttribute('class')).toContain('is-removed');
    expect(await reference.textContent()).toBe('article 3');
    expect(await reference.getAttribute('title')).toBe('article 3: the article it referred to was removed');

    // Undo puts the article back; the reference reads its number again and the notice goes.
    await notice.getByTestId('removed-references-undo').click();
    await expect.poll(() => articles.count()).toBe(5);
    expect(await articles.nth(3).locator('h3').textContent()).toBe('Rule 3');
    await expect.poll(() => reference.textContent()).toBe('article 4');
    expect(await reference.getAttribute('class')).toBe('rb-ref');
    await expect.poll(() => notice.count()).toBe(0);
    await expect.poll(draftText, { timeout: 10_000 }).toMatch(/^See article 4\. word1x0/);
  }, 60_000);
});
