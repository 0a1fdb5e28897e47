import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { Locator, Page } from 'playwright-core';
import { browserSuite, openDraftPage } from '../helpers/browser.js';
import { describeA11yViolations, seriousA11yViolations } from '../helpers/a11y.js';
import { connectProvider, synced, type ApiClient } from '../helpers/client.js';
import { articleElement, typeInArticle } from '../helpers/draft.js';
import { openConsultation, organiserWithRulebook, personWithRole } from '../helpers/fixtures.js';

/**
 * Open amendments in the live draft: a reader sees them as tracked changes (all, only theirs, or none), each named by
 * its number and opening its details with a link to its card; an organiser accepts one from the text, through the
 * same confirmation and public reason as on the amendment's page, and the draft then reads the new wording.
 */

const suite = browserSuite();

const WAIT = 15_000;

const MARKDOWN = [
  '# Club rules',
  '',
  '## Article 1 – Fees',
  '',
  'Members pay a fee of 10 euros each year.',
  '',
  '## Article 2 – Meetings',
  '',
  'The assembly meets once a year.',
  '',
  '## Article 3 – Old rule',
  '',
  'This rule is obsolete.',
  '',
].join('\n');

/** A rulebook under consultation with two members, Léa and Yanis, who propose four amendments (#1 to #4). */
async function contestedRulebook() {
  const { organiser, slug, draft } = await organiserWithRulebook(suite.server, 3, MARKDOWN);
  await openConsultation(organiser, slug);
  const { person: lea } = await personWithRole(suite.server, organiser, slug, 'member', 'Léa');
  const { person: yanis } = await personWithRole(suite.server, organiser, slug, 'member', 'Yanis');
  const [fees, meetings, old] = draft.articles as Array<{ id: string }>;
  const propose = async (who: ApiClient, body: Record<string, unknown>) => {
    const res = await who.post(`/api/rulebooks/${slug}/amendments`, body);
    if (res.status !== 201) throw new Error(`proposal failed: ${JSON.stringify(res.body)}`);
    return res.body as { id: string; number: number };
  };
  const boldFee = await propose(lea, {
    kind: 'modify',
    articleId: fees!.id,
    content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Members pay a fee of ' }, { type: 'text', text: '20 euros', marks: [{ type: 'strong' }] }, { type: 'text', text: ' each year.' }] }],
    rationale: 'Costs went up.',
  });
  const monthly = await propose(yanis, { kind: 'modify', articleId: fees!.id, title: 'Yearly fees', text: 'Members pay a fee of 10 euros each month.', rationale: 'Smaller payments.' });
  const removal = await propose(lea, { kind: 'delete', articleId: old!.id, rationale: 'Nobody follows it.' });
  const elections = await propose(yanis, { kind: 'insert', afterArticleId: meetings!.id, title: 'Elections', text: 'The board is elected every two years.', rationale: 'We need a board.' });
  return { organiser, lea, yanis, slug, articles: { fees: fees!.id, meetings: meetings!.id }, amendments: { boldFee, monthly, removal, elections } };
}

/** A page on the rulebook's live draft as `person` (null: a reader), once connected. */
const draftPage = (person: ApiClient | null, slug: string, width = 1280) => openDraftPage(suite.browser, suite.server.url, person, slug, { width, locale: 'en-GB', timeout: WAIT });

const editor = (page: Page) => page.getByTestId('editor');
const article = (page: Page, n: number) => editor(page).locator('article.rb-article').nth(n - 1);

/** The names of the `#N` buttons drawn in the draft, in document order (what a screen reader announces). */
const badgeNames = (page: Page) => editor(page).getByTestId('inplace-badge').evaluateAll((buttons) => buttons.map((b) => b.textContent?.replace(/^#\d+/, '') ?? ''));

/** What a sighted reader sees struck through and inserted in an element, in order. */
async function tracked(scope: Locator) {
  return {
    del: await scope.locator('del.rb-inplace-delete').allTextContents(),
    ins: await scope.locator('[data-testid=inplace-insert] ins').allTextContents(),
  };
}

async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  expect(violations, describeA11yViolations(where, violations)).toEqual([]);
}

describe('amendments in place in the live draft', () => {
  it('shows every open amendment as tracked changes, only the reader’s own, or none, and remembers the choice', async () => {
    const { lea, slug, amendments } = await contestedRulebook();
    const page = await draftPage(lea, slug);
    const toggle = page.getByTestId('inplace-toggle');
    await toggle.waitFor();
    expect(await toggle.getByTestId('inplace-mode-all').isChecked()).toBe(true);
    await editor(page).getByTestId('inplace-new-article').waitFor();
    expect(await page.getByTestId('inplace-count').textContent()).toBe('4 open amendments shown in the text');

    // Both proposals on article 1, told apart by their numbers; #1's bold wording is bold in the text.
    await expect.poll(() => tracked(article(page, 1))).toEqual({ del: ['Fees', '10 euros', 'year'], ins: ['Yearly fees', '20 euros', 'month'] });
    expect(await article(page, 1).locator('h3 del').textContent()).toBe('Fees');
    expect(await article(page, 1).locator('[data-testid=inplace-insert] ins strong').allTextContents()).toEqual(['20 euros']);
    expect(await badgeNames(page)).toEqual([
      'Proposed replacement by amendment #2',
      'Proposed replacement by amendment #1',
      'Proposed replacement by amendment #2',
      'Proposed new article by amendment #4',
      'Proposed deletion of the article by amendment #3',
    ]);
    const newArticle = editor(page).getByTestId('inplace-new-article');
    expect(await newArticle.locator('.rb-inplace-new-article-title').textContent()).toContain('Proposed new article (#4): Elections');
    expect(await newArticle.locator('ins').textContent()).toBe('The board is elected every two years.');
    // The new article stands after article 2, before article 3, which is marked for deletion as a whole.
    expect(await editor(page).locator('article.rb-article, [data-testid=inplace-new-article]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? e.className))).toEqual([
      'rb-article',
      'rb-article',
      'inplace-new-article',
      'rb-article rb-inplace-article-delete',
    ]);
    expect(await article(page, 3).getByTestId('inplace-delete-article').textContent()).toContain('This article is proposed for deletion (#3)');
    await expectAccessible(page, 'the draft with amendments in place');

    await toggle.getByRole('radio', { name: 'Mine' }).check();
    await expect.poll(() => badgeNames(page)).toEqual(['Proposed replacement by amendment #1', 'Proposed deletion of the article by amendment #3']);
    expect(await tracked(article(page, 1))).toEqual({ del: ['10 euros'], ins: ['20 euros'] });
    expect(await editor(page).getByTestId('inplace-new-article').count()).toBe(0);

    await toggle.getByRole('radio', { name: 'Off' }).check();
    await expect.poll(() => editor(page).locator('.rb-inplace, .rb-inplace-delete, .rb-inplace-article-delete').count()).toBe(0);
    expect(await article(page, 1).locator('p').textContent()).toBe('Members pay a fee of 10 euros each year.');

    // The choice stays with the reader.
    await page.reload();
    await page.getByTestId('inplace-toggle').waitFor();
    expect(await page.getByTestId('inplace-mode-off').isChecked()).toBe(true);
    expect(await editor(page).locator('.rb-inplace').count()).toBe(0);

    // Someone not signed in has no amendments of their own to choose.
    const anonymous = await draftPage(null, slug);
    await anonymous.getByTestId('inplace-toggle').waitFor();
    expect(await anonymous.getByTestId('inplace-toggle').getByRole('radio').evaluateAll((radios) => radios.map((r) => (r as HTMLInputElement).value))).toEqual(['off', 'all']);
    await editor(anonymous).getByTestId('inplace-insert').first().waitFor();

    // A tracked change opens its details, which link to its card.
    await article(anonymous, 1).locator(`[data-testid=inplace-insert][data-amendment-id="${amendments.boldFee.id}"] ins`).click();
    const popover = anonymous.getByTestId('inplace-popover');
    await popover.waitFor();
    expect(await popover.getAttribute('role')).toBe('dialog');
    expect(await popover.getByTestId('inplace-popover-rationale').textContent()).toBe('Costs went up.');
    expect(await popover.textContent()).toContain('by Léa');
    expect(await popover.getByTestId('decision-accept').count()).toBe(0);
    await expectAccessible(anonymous, 'the details of an amendment opened from the draft');
    // Opened with the mouse, focus stays in the text, and Escape from there closes it too.
    await anonymous.keyboard.press('Escape');
    await popover.waitFor({ state: 'detached' });
    await article(anonymous, 1).locator(`[data-testid=inplace-insert][data-amendment-id="${amendments.boldFee.id}"] ins`).click();
    await popover.getByTestId('inplace-popover-open').click();
    await anonymous.waitForURL(`${suite.server.url}/r/${slug}/amendments/${amendments.boldFee.id}`);
    await anonymous.getByTestId('amendment-detail').waitFor();

    // In the list, every kind of card shows its change, a removed article's text struck through included, and how
    // many comments its thread has.
    expect((await lea.post(`/api/amendments/${amendments.monthly.id}/comments`, { body: 'Monthly is too often.' })).status).toBe(201);
    await anonymous.goto(`${suite.server.url}/r/${slug}?tab=amendments`);
    const cards = anonymous.getByTestId('amendment-card');
    await expect.poll(() => cards.count()).toBe(4);
    expect(await cards.evaluateAll((all) => all.map((card) => card.querySelector('[data-testid=change-summary]') !== null))).toEqual([true, true, true, true]);
    const removalCard = anonymous.locator(`[data-testid=amendment-card][data-amendment-id="${amendments.removal.id}"]`);
    expect(await removalCard.getByTestId('change-summary').locator('del').textContent()).toContain('This rule is obsolete.');
    const countOf = (id: string) => anonymous.locator(`[data-testid=amendment-card][data-amendment-id="${id}"] [data-testid=card-comment-count]`).textContent();
    expect(await countOf(amendments.monthly.id)).toBe('1 comment in its thread');
    expect(await countOf(amendments.boldFee.id)).toBe('0 comments in its thread');
  });

  it('lets an organiser accept an amendment from the text with a public reason; the draft then reads its wording', async () => {
    const { organiser, slug, amendments } = await contestedRulebook();
    const page = await draftPage(organiser, slug);
    const badge = article(page, 1).locator(`[data-testid=inplace-badge][data-amendment-id="${amendments.boldFee.id}"]`);
    await badge.waitFor();

    // By keyboard: Tab from the text reaches the changes' buttons in reading order; Enter opens the details.
    await article(page, 1).locator('h3').click({ position: { x: 2, y: 5 } });
    const focusedAmendment = () => page.evaluate(() => (document.activeElement?.getAttribute('data-testid') === 'inplace-badge' ? document.activeElement.getAttribute('data-amendment-id') : null));
    const reached: Array<string | null> = [];
    for (let tab = 0; tab < 6 && reached.at(-1) !== amendments.boldFee.id; tab++) {
      await page.keyboard.press('Tab');
      reached.push(await focusedAmendment());
    }
    // The article's margin marker, #2's title change, then #1 in the text.
    expect(reached).toEqual([null, amendments.monthly.id, amendments.boldFee.id]);
    await page.keyboard.press('Enter');
    const popover = page.getByTestId('inplace-popover');
    await popover.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid=inplace-popover]') != null)).toBe(true);
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-amendment-id'))).toBe(amendments.boldFee.id);

    await page.keyboard.press('Enter');
    await popover.getByTestId('decision-accept').click();
    await popover.getByTestId('decision-reason').fill('The budget needs it.');
    await page.screenshot({ path: '/tmp/amendo-inplace-decide.png' });
    await popover.getByTestId('decision-submit').click();
    const dialog = page.getByRole('dialog', { name: 'Accept amendment #1?' });
    await dialog.waitFor();
    await expectAccessible(page, 'the decision dialog opened from the draft');
    await dialog.getByTestId('confirm-dialog-confirm').click();
    await popover.waitFor({ state: 'detached' });
    // The change it came from goes: focus is left in the text.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('editor');

    // The new wording, bold kept, and no tracked change of #1 left; #2 now reads against it.
    await expect.poll(() => article(page, 1).locator('p strong').allTextContents(), { timeout: WAIT }).toEqual(['20 euros']);
    await expect.poll(() => editor(page).locator(`[data-amendment-id="${amendments.boldFee.id}"]`).count()).toBe(0);
    expect((await organiser.get(`/api/amendments/${amendments.boldFee.id}`)).body.decisionReason).toBe('The budget needs it.');
    await expect.poll(() => tracked(article(page, 1))).toEqual({ del: ['Fees', '20 euros', 'year'], ins: ['Yearly fees', '10 euros', 'month'] });
  });

  it('follows live edits of the draft: changes placed again, and recomputed where the amended article changes', async () => {
    const { organiser, lea, slug, articles } = await contestedRulebook();
    const page = await draftPage(lea, slug);
    await editor(page).getByTestId('inplace-new-article').waitFor();
    const provider = connectProvider(suite.server.collabUrl, slug, organiser.cookieHeader());
    try {
      await synced(provider);
      // Before the changes of article 1 and the new article: everything after moves.
      typeInArticle(provider.doc, articles.meetings, 'Soon: ');
      // In the amended article: both proposals, made on the old wording, would now remove this sentence.
      const fees = (articleElement(provider.doc, articles.fees).get(1) as Y.XmlElement).get(0) as Y.XmlText;
      fees.insert(fees.length, ' Payable in January.');
      await expect.poll(() => article(page, 2).locator('p').textContent()).toBe('Soon: The assembly meets once a year.');
      await expect.poll(async () => (await tracked(article(page, 1))).del.join('|')).toContain('Payable in January.');
      expect((await tracked(article(page, 1))).ins).toEqual(['Yearly fees', '20 euros', 'month']);
      expect(await article(page, 1).locator('h3 del').textContent()).toBe('Fees');
      expect(await editor(page).locator('article.rb-article, [data-testid=inplace-new-article]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? e.className))).toEqual([
        'rb-article',
        'rb-article',
        'inplace-new-article',
        'rb-article rb-inplace-article-delete',
      ]);
      expect(await editor(page).getByTestId('inplace-badge').count()).toBeGreaterThanOrEqual(5);
    } finally {
      provider.destroy();
    }
  });

  it('reads well at desktop width and on a phone', async () => {
    const { lea, slug } = await contestedRulebook();
    for (const [width, name] of [[1280, 'desktop'], [375, 'phone']] as const) {
      const page = await draftPage(lea, slug, width);
      await editor(page).getByTestId('inplace-new-article').waitFor();
      await article(page, 1).getByTestId('inplace-badge').first().click();
      await page.getByTestId('inplace-popover').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `/tmp/amendo-inplace-${name}.png`, fullPage: true });
      await page.context().close();
    }
  });
});
