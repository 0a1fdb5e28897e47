import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, shareSession } from '../helpers/browser.js';
import type { ApiClient } from '../helpers/client.js';
import { openConsultation, organiserWithRulebook, personWithRole } from '../helpers/fixtures.js';
import { describeA11yViolations, seriousA11yViolations } from '../helpers/a11y.js';

/**
 * Merges that never undo a decision, clicked through: an organiser accepts #1 on the prize article while a second
 * organiser looks at #4 on the same article; #4 turns outdated on their screen, and accepting it shows the merge
 * with the clash marked, whose prefilled wording keeps #1.
 */

const suite = browserSuite();

const WAIT = 15_000;
/** Screenshots to look at, kept out of the working tree (copied to docs/screenshots by hand once looked at). */
const SHOTS = join(tmpdir(), 'amendo-screenshots');

async function pageOf(client: ApiClient, width = 1280): Promise<Page> {
  const context = await suite.newContext({ viewport: { width, height: 900 } });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  await shareSession(page, suite.server.url, client.cookieHeader());
  return page;
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Whether any comparison column clips its text (scrolls inside) or is narrower than readable. */
const clippedColumns = (page: Page) =>
  page.locator('.conflict-column').evaluateAll((columns) =>
    columns.filter((c) => c.scrollHeight > c.clientHeight + 1 || c.scrollWidth > c.clientWidth + 1 || c.getBoundingClientRect().width < 200).length,
  );

const PRIZE =
  'Le lauréat reçoit un prix de 1 500 € et un trophée remis lors de la soirée de clôture. Le jury compte sept membres, dont un président désigné par les organisateurs. ' +
  'Les candidats doivent résider en Belgique et exercer leur activité de community manager depuis au moins un an à la date de clôture des candidatures.';
const MARKDOWN = ['# Règlement', '', '## Article 1 – Objet', '', 'Le concours récompense un community manager.', '', '## Article 2 – Calendrier', '', 'Les candidatures ferment le 1er mars.', '', '## Article 3 – Prix', '', PRIZE, ''].join('\n');

describe('merging amendments in a browser', () => {
  it('marks #4 outdated live for a second organiser, and accepting it keeps #1: the merge is prefilled, the clash marked', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(suite.server, 3, MARKDOWN);
    await openConsultation(organiser, slug);
    const { person: second } = await personWithRole(suite.server, organiser, slug, 'organiser', 'Second');
    const { person: lea } = await personWithRole(suite.server, organiser, slug, 'member', 'Léa');
    const article = draft.articles[2];
    const propose = async (text: string, rationale: string) =>
      (await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: article.id, text, rationale })).body;
    const first = await propose(PRIZE.replace('1 500 €', '2 000 €'), 'Un prix à la hauteur.');
    const clean = await propose(PRIZE.replace('sept membres', 'neuf membres'), 'Un jury plus large.');
    const fourth = await propose(PRIZE.replace('1 500 €', '3 000 €').replace('résider en Belgique', 'résider en Belgique ou en France'), 'Ouvrir le concours.');

    // The second organiser reads #4; nothing is outdated yet.
    const page = await pageOf(second);
    await page.goto(`${suite.server.url}/r/${slug}/amendments/${fourth.id}`);
    const detail = page.getByTestId('amendment-detail');
    await detail.getByTestId('diff-proposal').waitFor();
    expect(await detail.getByTestId('outdated-notice').count()).toBe(0);

    // The first organiser accepts #1; without reloading, #4 says it is outdated and would clash.
    expect((await organiser.post(`/api/amendments/${first.id}/decision`, { decision: 'accept', reason: 'Voté en bureau.' })).status).toBe(200);
    const notice = detail.getByTestId('outdated-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-preview')).toBe('conflict');
    await shoot(page, 'amendment-outdated');

    // The list marks both open amendments on Article 3, each with its preview.
    await page.goto(`${suite.server.url}/r/${slug}?tab=amendments`);
    const badge = (id: string) => page.locator(`[data-testid=amendment-card][data-amendment-id="${id}"] [data-testid=outdated-badge]`);
    await expect.poll(() => badge(clean.id).getAttribute('data-preview'), { timeout: WAIT }).toBe('clean');
    expect(await badge(fourth.id).getAttribute('data-preview')).toBe('conflict');

    // The comparison puts them side by side against the current wording.
    await page.goto(`${suite.server.url}/r/${slug}/amendments/${fourth.id}`);
    await detail.getByTestId('compare-link').click();
    const compare = page.getByTestId('compare-amendments');
    await expect.poll(() => compare.getByTestId('compare-column').count(), { timeout: WAIT }).toBe(2);
    expect(await compare.getByTestId('compare-current').textContent()).toContain('2 000 €');
    expect(await compare.locator(`[data-testid=compare-column][data-amendment-id="${fourth.id}"] [data-testid=compare-clashes]`).textContent()).toContain('3 000 €');
    const inserted = await compare.locator(`[data-testid=compare-column][data-amendment-id="${clean.id}"] ins`).allTextContents();
    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toContain('neuf');
    await shoot(page, 'amendment-compare');

    // Accepting #4 meets the clash: the text to adopt is the merge, keeping #1's prize and adding #4's France.
    await page.goto(`${suite.server.url}/r/${slug}/amendments/${fourth.id}`);
    await detail.getByTestId('decision-accept').click();
    await detail.getByTestId('decision-reason').fill('Ouverture votée, le prix reste celui du n° 1.');
    await detail.getByTestId('decision-submit').click();
    await page.getByRole('dialog').getByTestId('confirm-dialog-confirm').click();
    const resolver = detail.getByTestId('conflict-resolver');
    await resolver.waitFor();
    const prefilled = await resolver.getByTestId('resolved-text').inputValue();
    expect(prefilled).toContain('2 000 €');
    expect(prefilled).toContain('résider en Belgique ou en France');
    expect(prefilled).not.toContain('3 000 €');
    expect(await resolver.getByTestId('merge-conflict-mark').allTextContents()).toEqual(['12 000 €']);
    expect(await clippedColumns(page)).toBe(0);
    const violations = await seriousA11yViolations(page);
    expect(violations, describeA11yViolations('the conflict resolver', violations)).toEqual([]);
    await shoot(page, 'amendment-conflict');

    // Choosing the proposal's wording for the clash rewrites the text; choosing the draft's puts #1's back.
    await resolver.getByTestId('merge-take-proposal').check();
    expect(await resolver.getByTestId('resolved-text').inputValue()).toContain('3 000 €');
    await resolver.getByTestId('merge-keep-current').check();
    expect(await resolver.getByTestId('resolved-text').inputValue()).toBe(prefilled);

    // Clicking through with the prefilled wording keeps #1's change.
    await detail.getByTestId('decision-submit').click();
    await page.getByRole('dialog').getByTestId('confirm-dialog-confirm').click();
    await detail.getByTestId('decision-note').waitFor();
    const text = (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[2].text;
    expect(text).toBe(prefilled);
    expect(text).toContain('2 000 €');
  });

  it('shows the three wordings full width, stacked and unclipped on a phone', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(suite.server, 3, MARKDOWN);
    await openConsultation(organiser, slug);
    const { person: lea } = await personWithRole(suite.server, organiser, slug, 'member', 'Léa');
    const article = draft.articles[2];
    const propose = async (text: string) => (await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: article.id, text, rationale: 'Pourquoi pas.' })).body;
    const first = await propose(PRIZE.replace('1 500 €', '2 000 €'));
    const fourth = await propose(PRIZE.replace('1 500 €', '3 000 €').replace('sept membres', 'neuf membres'));
    await organiser.post(`/api/amendments/${first.id}/decision`, { decision: 'accept', reason: 'Voté.' });

    const page = await pageOf(organiser, 375);
    await page.goto(`${suite.server.url}/r/${slug}/amendments/${fourth.id}`);
    const detail = page.getByTestId('amendment-detail');
    await detail.getByTestId('outdated-notice').waitFor();
    await shoot(page, 'amendment-outdated-phone');
    await detail.getByTestId('decision-accept').click();
    await detail.getByTestId('decision-reason').fill('Le jury s’élargit.');
    await detail.getByTestId('decision-submit').click();
    await page.getByRole('dialog').getByTestId('confirm-dialog-confirm').click();
    await detail.getByTestId('conflict-resolver').waitFor();

    expect(await clippedColumns(page)).toBe(0);
    const boxes = await page.locator('.conflict-column').evaluateAll((columns) => columns.map((c) => c.getBoundingClientRect()).map((r) => ({ x: Math.round(r.x), width: Math.round(r.width) })));
    expect(boxes).toHaveLength(3);
    // Stacked: one column per row, each as wide as the others.
    expect(new Set(boxes.map((b) => b.x)).size).toBe(1);
    expect(new Set(boxes.map((b) => b.width)).size).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shoot(page, 'amendment-conflict-phone');
  });
});
