import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, shareSession } from '../helpers/browser.js';
import type { ApiClient } from '../helpers/client.js';
import { openDebate, organiserWithRulebook } from '../helpers/fixtures.js';
import { describeA11yViolations, seriousA11yViolations } from '../helpers/a11y.js';

/**
 * Deliberate decisions: publishing a version, making one official and deciding an amendment each go through a dialog
 * that shows what will happen, and cancelling it sends nothing; the draft says when it differs from the official version.
 */

const suite = browserSuite();

const WAIT = 15_000;

/** A page signed in with the session of an API client. */
async function pageOf(client: ApiClient): Promise<Page> {
  const context = await suite.newContext();
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  await shareSession(page, suite.server.url, client.cookieHeader());
  return page;
}

/** The test id of the element that has focus. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/** The paths of every POST the page sends whose path matches `pattern`, as they are sent. */
function postsTo(page: Page, pattern: RegExp): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() === 'POST' && pattern.test(path)) sent.push(path);
  });
  return sent;
}

/** Assert axe-core finds no serious or critical violation in the page as it is now. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  expect(violations, describeA11yViolations(where, violations)).toEqual([]);
}

/** Type `text` at the start of the n-th article's first paragraph in the organiser's editor. */
async function typeAtStart(page: Page, n: number, text: string): Promise<void> {
  await page.getByTestId('editor').locator('article.rb-article').nth(n - 1).locator('p').first().click({ position: { x: 1, y: 4 } });
  await page.keyboard.type(text);
}

/** Wait until the server's draft has `text` at the start of its n-th article. */
async function draftHas(client: ApiClient, slug: string, n: number, text: string): Promise<void> {
  await expect.poll(async () => (await client.get(`/api/rulebooks/${slug}/draft`)).body.articles[n - 1].text as string, { timeout: WAIT }).toMatch(new RegExp(`^${text}`));
}

const versions = async (client: ApiClient, slug: string) =>
  ((await client.get(`/api/rulebooks/${slug}/releases`)).body as Array<{ version: string; official: boolean }>).map((r) => `${r.version}${r.official ? ' (official)' : ''}`);

describe('deliberate decisions in a browser', () => {
  it('asks to confirm a publication, showing the changes since the latest release; cancelling or Escape publishes nothing', async () => {
    const { organiser, slug } = await organiserWithRulebook(suite.server, 3);
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '0.1' })).status).toBe(201);
    const page = await pageOf(organiser);
    const publishes = postsTo(page, /\/releases$/);
    await page.goto(`${suite.server.url}/r/${slug}`);
    await typeAtStart(page, 2, 'Edited first. ');
    await draftHas(organiser, slug, 2, 'Edited first\\. ');

    await page.getByTestId('tab-releases').click();
    const submit = page.getByTestId('publish-submit');
    await submit.click();
    const dialog = page.getByRole('dialog', { name: 'Publish version 0.2?' });
    await expect.poll(() => dialog.getByTestId('publish-counts').textContent(), { timeout: WAIT }).toBe('1 article modified · 2 unchanged articles');
    const changed = dialog.locator('[data-testid=diff-article][data-status=modified]');
    expect(await changed.count()).toBe(1);
    expect(await changed.locator('ins').textContent()).toContain('Edited first.');
    // Focus starts on Cancel and stays in the dialog.
    expect(await focused(page)).toBe('confirm-dialog-cancel');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('confirm-dialog-confirm');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('confirm-dialog-cancel');
    await expectAccessible(page, 'the publish dialog');

    await dialog.getByTestId('confirm-dialog-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('publish-submit');
    expect(publishes).toEqual([]);
    expect(await versions(organiser, slug)).toEqual(['0.1']);

    await submit.click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(publishes).toEqual([]);
    expect(await versions(organiser, slug)).toEqual(['0.1']);

    await submit.click();
    await dialog.getByTestId('confirm-dialog-confirm').click();
    await page.locator('[data-testid=release-item][data-version="0.2"]').waitFor();
    await dialog.waitFor({ state: 'detached' });
    expect(publishes).toEqual([`/api/rulebooks/${slug}/releases`]);
    expect(await versions(organiser, slug)).toEqual(['0.2', '0.1']);
  });

  it('checks the version before asking, and says what a first release freezes', async () => {
    const { organiser, slug } = await organiserWithRulebook(suite.server, 3);
    const page = await pageOf(organiser);
    const publishes = postsTo(page, /\/releases$/);
    await page.goto(`${suite.server.url}/r/${slug}?tab=releases`);
    await page.getByTestId('publish-version').fill('1.0.0');
    await page.getByTestId('publish-submit').click();
    await page.getByTestId('publish-form').getByTestId('form-error').getByText(/not 1\.0\.0/).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);

    await page.getByTestId('publish-version').fill('0.1');
    await page.getByTestId('publish-submit').click();
    const dialog = page.getByRole('dialog', { name: 'Publish version 0.1?' });
    await dialog.getByTestId('publish-counts').getByText('Version 0.1 will be the first release: it freezes the draft as it reads now, 3 articles.').waitFor();
    await dialog.getByTestId('confirm-dialog-confirm').click();
    await page.locator('[data-testid=release-item][data-version="0.1"]').waitFor();
    expect(publishes).toHaveLength(1);
  });

  it('asks to confirm making a version official, naming the one that stops being; cancelling changes nothing', async () => {
    const { organiser, slug } = await organiserWithRulebook(suite.server, 2);
    for (const version of ['0.1', '0.2']) expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version })).status).toBe(201);
    expect((await organiser.post(`/api/rulebooks/${slug}/releases/0.1/official`)).status).toBe(200);
    const page = await pageOf(organiser);
    const marks = postsTo(page, /\/official$/);
    await page.goto(`${suite.server.url}/r/${slug}?tab=releases`);

    const item = page.locator('[data-testid=release-item][data-version="0.2"]');
    await item.getByTestId('mark-official').click();
    const dialog = page.getByRole('dialog', { name: 'Make version 0.2 official?' });
    expect(await dialog.getByTestId('official-becomes').textContent()).toContain('Version 0.2 becomes the official version');
    expect(await dialog.getByTestId('official-replaces').textContent()).toBe('Version 0.1 stops being official. It stays published, and can still be read and compared.');
    await dialog.getByTestId('official-changes').getByText('From version 0.1 to version 0.2: No article changed.').waitFor();
    await dialog.getByTestId('confirm-dialog-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('mark-official');
    expect(marks).toEqual([]);
    expect(await versions(organiser, slug)).toEqual(['0.2', '0.1 (official)']);

    await item.getByTestId('mark-official').click();
    await dialog.getByRole('button', { name: 'Make 0.2 official' }).click();
    await item.getByTestId('official-badge').waitFor();
    expect(marks).toEqual([`/api/rulebooks/${slug}/releases/0.2/official`]);
    expect(await versions(organiser, slug)).toEqual(['0.2 (official)', '0.1']);

    // The release page asks the same way, and Escape leaves things as they are.
    await page.goto(`${suite.server.url}/r/${slug}/releases/0.1`);
    await page.getByTestId('release-page').getByTestId('mark-official').click();
    const back = page.getByRole('dialog', { name: 'Make version 0.1 official?' });
    await back.getByTestId('official-replaces').getByText('Version 0.2 stops being official.', { exact: false }).waitFor();
    await page.keyboard.press('Escape');
    await back.waitFor({ state: 'detached' });
    expect(marks).toHaveLength(1);
    expect(await versions(organiser, slug)).toEqual(['0.2 (official)', '0.1']);
  });

  it('decides an amendment only on its page, next to its diff, after a dialog shows the change and the reason', async () => {
    const { organiser, slug, draft, lea } = await openDebate(suite.server, 3);
    const proposed = await lea.post(`/api/rulebooks/${slug}/amendments`, {
      kind: 'modify',
      articleId: draft.articles[1].id,
      text: 'Every player signs the score sheet.',
      rationale: 'Disputes need a record.',
    });
    expect(proposed.status).toBe(201);
    const page = await pageOf(organiser);
    const decisions = postsTo(page, /\/decision$/);
    await page.goto(`${suite.server.url}/r/${slug}?tab=amendments`);

    // The card in the inbox offers no decision, only the way to the amendment's page.
    const card = page.locator(`[data-testid=amendment-card][data-amendment-id="${proposed.body.id}"]`);
    await card.waitFor();
    expect(await card.getByRole('button', { name: /Accept|Reject/ }).count()).toBe(0);
    await card.getByTestId('amendment-link').click();

    // On its page, the decision comes after the diff it is about.
    const detail = page.getByTestId('amendment-detail');
    const accept = detail.getByTestId('decision-accept');
    await accept.waitFor();
    const diffFirst = await detail.evaluate((el) => {
      const diff = el.querySelector('[data-testid=diff-proposal]')!;
      const button = el.querySelector('[data-testid=decision-accept]')!;
      return Boolean(diff.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(diffFirst).toBe(true);

    const reason = 'A signed sheet settles disputes.';
    await accept.click();
    await detail.getByTestId('decision-reason').fill(reason);
    await detail.getByTestId('decision-submit').click();
    const dialog = page.getByRole('dialog', { name: 'Accept amendment #1?' });
    const shown = dialog.getByTestId('decision-dialog-diff');
    await shown.waitFor();
    expect(await shown.locator('.diff-paper ins').textContent()).toContain('Every player signs the score sheet.');
    expect(await shown.locator('.diff-paper del').textContent()).toContain('word2x0');
    expect(await dialog.locator('.decision-reason-text').textContent()).toBe(reason);
    await expectAccessible(page, 'the decision dialog');

    await dialog.getByTestId('confirm-dialog-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(decisions).toEqual([]);
    expect((await organiser.get(`/api/amendments/${proposed.body.id}`)).body.status).toBe('open');
    await expect.poll(() => focused(page)).toBe('decision-submit');
    // The form keeps the reason, so confirming later needs no retyping.
    expect(await detail.getByTestId('decision-reason').inputValue()).toBe(reason);

    await detail.getByTestId('decision-submit').click();
    await dialog.getByTestId('confirm-dialog-confirm').click();
    await detail.getByTestId('decision-note').getByText(reason).waitFor();
    expect(decisions).toEqual([`/api/amendments/${proposed.body.id}/decision`]);
    expect((await organiser.get(`/api/amendments/${proposed.body.id}`)).body.status).toBe('accepted');
    expect((await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[1].text).toBe('Every player signs the score sheet.');
  });

  it('tells the draft page how many changes it has since the official version, with a link to them', async () => {
    const { organiser, slug } = await organiserWithRulebook(suite.server, 3);
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '0.1' })).status).toBe(201);
    const page = await pageOf(organiser);
    await page.goto(`${suite.server.url}/r/${slug}`);
    const banner = page.getByTestId('drift-banner');

    // No official version: no banner, even once the draft has changed (the header shows the releases are loaded).
    await typeAtStart(page, 1, 'Edited first. ');
    await draftHas(organiser, slug, 1, 'Edited first\\. ');
    await expect.poll(() => page.getByTestId('header-latest-release').textContent(), { timeout: WAIT }).toContain('0.1');
    expect(await banner.count()).toBe(0);

    // Once 0.1 is official, the page counts the change, then the next one.
    expect((await organiser.post(`/api/rulebooks/${slug}/releases/0.1/official`)).status).toBe(200);
    await expect.poll(() => banner.textContent(), { timeout: WAIT }).toBe('≠1 change since official version 0.1 — see it');
    await typeAtStart(page, 3, 'Edited third. ');
    await expect.poll(() => banner.textContent(), { timeout: WAIT }).toBe('≠2 changes since official version 0.1 — see them');
    await expectAccessible(page, 'the draft with its banner');

    await banner.getByRole('link', { name: 'see them' }).click();
    await page.waitForURL((url) => url.pathname === `/r/${slug}/diff` && url.searchParams.get('from') === '0.1' && url.searchParams.get('to') === 'draft');
    await expect.poll(() => page.locator('[data-testid=diff-article][data-status=modified]').count(), { timeout: WAIT }).toBe(2);

    // A new official version that matches the draft: the banner goes, and counts again from it.
    await page.goBack();
    await banner.waitFor();
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '0.2' })).status).toBe(201);
    expect((await organiser.post(`/api/rulebooks/${slug}/releases/0.2/official`)).status).toBe(200);
    await banner.waitFor({ state: 'detached' });
    await typeAtStart(page, 2, 'Edited second. ');
    await expect.poll(() => banner.textContent(), { timeout: WAIT }).toBe('≠1 change since official version 0.2 — see it');
  });
});
