import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { browserSuite, countUpdatesSent, recordPageErrors, shareSession, signIn, textWithoutCursors } from '../helpers/browser.js';
import { ApiClient } from '../helpers/client.js';
import { tokenOf } from '../helpers/mail.js';
import { personWithRole } from '../helpers/fixtures.js';
import { describeA11yViolations, seriousA11yViolations } from '../helpers/a11y.js';
import { dragSelect, localInputValue } from '../helpers/page-actions.js';
import { firstPageText } from '../helpers/pdf-text.js';

/**
 * The whole life of a rulebook in a real browser, one step after the other on one server: organisers draft it
 * together, members debate it, the organisers decide and publish, and anyone reads, compares and downloads it.
 * Each step builds on the one before; each person's page stays open across steps unless the story says otherwise.
 */

const TITLE = 'Riverside Chess Club Rules';
const SLUG = 'riverside-chess-club-rules';
const RULES: Array<[string, string]> = [
  ['Purpose', 'The club organises a yearly open tournament for its members and their guests.'],
  ['Membership', 'Anyone who has paid the yearly fee is a member of the club.'],
  ['Punctuality', 'Players must arrive fifteen minutes before the first round; latecomers forfeit the game.'],
  ['Clocks', 'Every game is played with digital clocks set to ninety minutes per player.'],
  ['Pairings', 'The arbiter pairs the players by the Swiss system.'],
  ['Fees', 'The entry fee is twenty euros, waived for juniors.'],
  ['Conduct', 'Players keep silent in the playing hall.'],
  ['Appeals', 'A player may appeal a decision of the arbiter to the appeals committee.'],
  ['Prizes', 'The three best players receive a trophy.'],
  ['Changes to these rules', 'These rules change only by an amendment accepted by the organisers.'],
];
const MARKDOWN = [`# ${TITLE}`, '', 'Adopted by the members of the club.', '', ...RULES.map(([title, text], i) => `## Article ${i + 1} – ${title}\n\n${text}\n`)].join('\n');

const QUOTED = 'latecomers forfeit the game';
const NEW_ARTICLE = { title: 'Mobile phones', text: 'Phones stay switched off in the playing hall.' };
const ACCEPT_REASON = 'Phones have disturbed games twice this season.';
const REJECT_REASON = 'The general assembly sets the fee, not these rules.';
const CLOCKS_EDIT = 'Arbiters check the clocks before each round. ';

const suite = browserSuite();

/** How long any one thing may take to show (generous: the machine may be busy with a benchmark). */
const WAIT = 15_000;

/** Console errors and uncaught errors on any page of anyone in the story; each step ends expecting none. */
const pageErrors: string[] = [];
/** A new browser page for `who`, whose console errors and uncaught errors are recorded on every page it visits. */
const newPage = async (who: string) => {
  const context = await suite.newContext();
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  recordPageErrors(page, who, pageErrors);
  return page;
};
const editor = (page: Page) => page.getByTestId('editor');
/** The n-th article of the draft (1-based) as the page shows it. */
const article = (page: Page, n: number) => editor(page).locator('article.rb-article').nth(n - 1);
const paragraph = (page: Page, n: number) => article(page, n).locator('p').first();
const marker = (page: Page, n: number) => article(page, n).getByTestId('article-marker');
/** The margin marker of the n-th article, found by the accessible name that says its number and figures. */
const markerNamed = (page: Page, n: number, name: string | RegExp) => article(page, n).getByRole('button', { name, exact: true });
const tocTexts = (page: Page) => page.getByTestId('toc').getByTestId('toc-article').allTextContents();

/** Assert axe-core finds no serious or critical violation in the page as it is now. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  expect(violations, describeA11yViolations(where, violations)).toEqual([]);
}

/** Open the rulebook's draft and wait until it is live and shows `articles` articles. */
async function openDraft(page: Page, articles: number): Promise<void> {
  await page.goto(`${suite.server.url}/r/${SLUG}`);
  await page.locator('[data-testid=connection-status][data-status=connected]').waitFor();
  await article(page, articles).waitFor();
}

/** Open one of the organiser panel's folded sections (import, members) by the form it holds. */
async function unfold(page: Page, formTestId: string): Promise<Locator> {
  const form = page.getByTestId(formTestId);
  if (!(await form.isVisible())) await page.locator('details', { has: form }).locator('summary').click();
  await form.waitFor();
  return form;
}

/**
 * Invite someone through the Members panel; the invitation waits in the panel until they accept the mailed link
 * (through the API here: the invitation page has its own browser test), then the list shows them, live.
 */
async function addMember(page: Page, invitee: ApiClient, email: string, role: 'organiser' | 'member', name: string): Promise<void> {
  const form = await unfold(page, 'add-member-form');
  await form.locator('input[name=email]').fill(email);
  await form.locator('select[name=role]').selectOption(role);
  await form.getByTestId('add-member-submit').click();
  await page.getByTestId('invitation-list').getByTestId('invitation-item').filter({ hasText: email }).waitFor();
  const link = await invitee.inbox.linkTo(email.toLowerCase(), '/invitations');
  expect((await invitee.post('/api/invitations/accept', { token: tokenOf(link) })).status).toBe(200);
  await page.getByTestId('member-list').getByTestId('member-item').filter({ hasText: name }).waitFor();
}

/** Set the consultation window through the header's form, from and to these offsets from now. */
async function setWindow(page: Page, opensIn: number, closesIn: number): Promise<void> {
  const form = page.getByTestId('window-form');
  if (!(await form.isVisible())) await page.getByTestId('window-toggle').click();
  await form.locator('input[name=opensAt]').fill(await localInputValue(page, opensIn));
  await form.locator('input[name=closesAt]').fill(await localInputValue(page, closesIn));
  await form.getByTestId('window-save').click();
}

/** Click a PDF link, wait for the download and return its bytes. */
async function downloadPdf(page: Page, link: Locator): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return readFile((await download.path())!);
}

// Who takes part, and their pages (kept open from step to step).
let organiser: ApiClient; // the organiser's own API session, for setup only
let organiserPage: Page;
let coOrganiserPage: Page;
let lea: ApiClient;
let memberPage: Page;
let readerPage: Page;
let articleIds: string[] = [];
/** Yjs updates the member's browser sent to the collaboration server. */
let updatesSentByMember: () => number;

describe('the journey of a rulebook, in a browser', () => {
  // Each step starts where the previous one ended: after a failure, the later steps would only fail confusingly.
  let broken = false;
  beforeEach((context) => {
    if (broken) context.skip();
  });
  afterEach((context) => {
    if (context.task.result?.state === 'fail') broken = true;
    const errors = pageErrors.splice(0);
    if (errors.length > 0) broken = true;
    expect(errors, 'console errors and uncaught errors in the pages').toEqual([]);
  });

  it('1. organisers create the rulebook, import its rules, edit it together, open the consultation and invite a member', async () => {
    organiser = new ApiClient(suite.server.url);
    const account = await organiser.signUp('Olivia');
    const coOrganiser = new ApiClient(suite.server.url);
    const coAccount = await coOrganiser.signUp('Bruno');
    lea = new ApiClient(suite.server.url);
    const leaAccount = await lea.signUp('Léa');

    // Olivia signs in; the home page offers her to start a rulebook.
    organiserPage = await newPage('Olivia (organiser)');
    organiserPage.on('dialog', (dialog) => void dialog.accept());
    await signIn(organiserPage, suite.server.url, account.email, account.password);
    const create = organiserPage.getByTestId('create-rulebook-form');
    await create.waitFor();
    await expectAccessible(organiserPage, 'the home page');
    await create.locator('input[name=title]').fill(TITLE);
    expect(await create.locator('input[name=slug]').inputValue()).toBe(SLUG);
    await create.locator('select[name=language]').selectOption('en');
    await create.getByTestId('create-rulebook-submit').click();
    await organiserPage.waitForURL(`**/r/${SLUG}`);
    await organiserPage.locator('[data-testid=connection-status][data-status=connected]').waitFor();
    await organiserPage.getByTestId('rulebook-header').getByRole('heading', { name: TITLE }).waitFor();

    // She imports the rules from Markdown (and confirms replacing the empty draft).
    const importForm = await unfold(organiserPage, 'import-form');
    await importForm.locator('textarea[name=markdown]').fill(MARKDOWN);
    await importForm.getByTestId('import-submit').click();
    await expect.poll(() => importForm.getByTestId('import-done').textContent(), { timeout: WAIT }).toBe(`Draft replaced: ${RULES.length} articles.`);
    await article(organiserPage, RULES.length).waitFor();
    expect(await tocTexts(organiserPage)).toEqual(RULES.map(([title], i) => `Art. ${i + 1}${title}`));
    await expectAccessible(organiserPage, 'the draft page (organiser)');
    articleIds = (await organiser.get(`/api/rulebooks/${SLUG}/draft`)).body.articles.map((a: { id: string }) => a.id);

    // She makes Bruno an organiser through the Members panel; he opens the draft, which he may edit.
    await addMember(organiserPage, coOrganiser, coAccount.email, 'organiser', 'Bruno');
    coOrganiserPage = await newPage('Bruno (organiser)');
    await shareSession(coOrganiserPage, suite.server.url, coOrganiser.cookieHeader());
    await openDraft(coOrganiserPage, RULES.length);
    expect(await editor(coOrganiserPage).getAttribute('contenteditable')).toBe('true');

    // Olivia puts her caret in Article 2 and Bruno in Article 5, then both type at once; each sees the other's words
    // and caret. (Clicking first: the other's typing moves the text on screen, but not a caret already placed.)
    await paragraph(organiserPage, 2).click({ position: { x: 1, y: 4 } });
    await paragraph(coOrganiserPage, 5).click({ position: { x: 1, y: 4 } });
    await Promise.all([
      organiserPage.keyboard.type('Members renew each September. '),
      coOrganiserPage.keyboard.type('Pairings are posted an hour ahead. '),
    ]);
    await expect.poll(() => textWithoutCursors(paragraph(coOrganiserPage, 2)), { timeout: WAIT }).toBe(`Members renew each September. ${RULES[1]![1]}`);
    await expect.poll(() => textWithoutCursors(paragraph(organiserPage, 5)), { timeout: WAIT }).toBe(`Pairings are posted an hour ahead. ${RULES[4]![1]}`);
    await expect.poll(() => textWithoutCursors(paragraph(organiserPage, 2)), { timeout: WAIT }).toBe(`Members renew each September. ${RULES[1]![1]}`);
    await article(coOrganiserPage, 2).locator('.rb-cursor', { hasText: 'Olivia' }).waitFor();
    await article(organiserPage, 5).locator('.rb-cursor', { hasText: 'Bruno' }).waitFor();

    // Olivia opens the consultation for a week and invites Léa as a member.
    await setWindow(organiserPage, -3600_000, 7 * 86400_000);
    await organiserPage.locator('[data-testid=consultation-state][data-state=open]').waitFor();
    await organiserPage.getByTestId('countdown').waitFor();
    await addMember(organiserPage, lea, leaAccount.email, 'member', 'Léa');
  });

  let yanisAmendment: { id: string; number: number };
  it('2. a member comments, replies, proposes a change and a new article, and supports another amendment; the organiser sees it live', async () => {
    // Another member, Yanis, has already commented on Article 3 and proposed to change Article 6.
    const { person: yanis } = await personWithRole(suite.server, organiser, SLUG, 'member', 'Yanis');
    const comment = await yanis.post(`/api/rulebooks/${SLUG}/articles/${articleIds[2]}/comments`, { body: 'Fifteen minutes is a lot for juniors.' });
    expect(comment.status).toBe(201);
    const proposed = await yanis.post(`/api/rulebooks/${SLUG}/amendments`, {
      kind: 'modify',
      articleId: articleIds[5],
      text: 'The entry fee is fifteen euros, waived for juniors.',
      rationale: 'Cheaper entry brings more players.',
    });
    expect(proposed.status).toBe(201);
    yanisAmendment = proposed.body;

    memberPage = await newPage('Léa (member)');
    updatesSentByMember = countUpdatesSent(memberPage);
    await shareSession(memberPage, suite.server.url, lea.cookieHeader());
    await openDraft(memberPage, RULES.length);
    await memberPage.getByTestId('read-only-banner').waitFor();

    // Léa opens Article 3's discussion, selects a passage and comments on it.
    await marker(memberPage, 3).click();
    const panel = memberPage.getByTestId('side-panel');
    await memberPage.locator(`[data-testid=side-panel][data-article-id="${articleIds[2]}"]`).waitFor();
    expect(await dragSelect(paragraph(memberPage, 3), QUOTED)).toBe(QUOTED);
    await panel.getByTestId('quote-selection').click();
    const commentForm = panel.getByTestId('comment-form');
    await commentForm.locator('.comment-quote', { hasText: QUOTED }).waitFor();
    await commentForm.locator('textarea').fill('Forfeiting is harsh: allow thirty minutes of grace.');
    await commentForm.getByTestId('comment-submit').click();
    const mine = panel.getByTestId('comment-item').filter({ hasText: 'allow thirty minutes of grace' });
    await mine.locator('.comment-quote', { hasText: QUOTED }).waitFor();

    // She replies to Yanis's comment.
    const yanisComment = panel.getByTestId('comment-item').filter({ hasText: 'Fifteen minutes is a lot for juniors.' });
    await yanisComment.getByTestId('comment-reply').first().click();
    await yanisComment.getByTestId('reply-form').locator('textarea').fill('Agreed, ten minutes would do.');
    await yanisComment.getByTestId('reply-form').getByTestId('comment-submit').click();
    await yanisComment.locator('.comment-replies [data-testid=comment-item]', { hasText: 'Agreed, ten minutes would do.' }).waitFor();

    // She proposes a new wording of Article 3, with her rationale.
    // Suggestion mode: her own copy of the article, the caret at its title; Enter goes on to its text, which she rewrites.
    await panel.getByTestId('propose-change').click();
    const change = memberPage.getByTestId('suggestion-dialog');
    const copy = change.getByTestId('suggestion-editor');
    expect(await copy.locator('p').textContent()).toBe(RULES[2]![1]);
    await expect.poll(() => memberPage.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('suggestion-editor');
    await memberPage.keyboard.press('Enter');
    await memberPage.keyboard.press('ControlOrMeta+Shift+End');
    await memberPage.keyboard.type('Players must arrive ten minutes before the first round; latecomers forfeit the game.');
    await copy.locator('del.sg-del').first().waitFor();
    await change.locator('textarea[name=rationale]').fill('Ten minutes is enough to check in.');
    await change.getByTestId('propose-submit').click();
    await panel.getByTestId('propose-done').waitFor();

    // From Article 8's discussion she proposes a new article right after it.
    await marker(memberPage, 8).click();
    await memberPage.locator(`[data-testid=side-panel][data-article-id="${articleIds[7]}"]`).waitFor();
    await panel.getByTestId('propose-insert').click();
    const insert = memberPage.getByTestId('suggestion-dialog');
    await expect.poll(() => memberPage.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('suggestion-editor');
    await memberPage.keyboard.type(NEW_ARTICLE.title);
    await memberPage.keyboard.press('Enter');
    await memberPage.keyboard.type(NEW_ARTICLE.text);
    await insert.locator('textarea[name=rationale]').fill('Ringing phones disturb the games.');
    await insert.getByTestId('propose-submit').click();
    await panel.getByTestId('propose-done').waitFor();
    await expectAccessible(memberPage, 'the draft page with an article discussion open (member)');

    // In the Amendments tab she supports Yanis's amendment.
    await memberPage.getByTestId('tab-amendments').click();
    const card = memberPage.locator(`[data-testid=amendment-card][data-amendment-id="${yanisAmendment.id}"]`);
    await card.getByTestId('support-button').click();
    await expect.poll(() => card.getByTestId('support-count').textContent(), { timeout: WAIT }).toContain('1 supporter');
    expect(await card.getByTestId('support-button').getAttribute('aria-pressed')).toBe('true');

    // Olivia's page, open all along, counts the open amendments and each article's comments and amendments.
    await expect.poll(() => organiserPage.getByTestId('tab-amendments').textContent(), { timeout: WAIT }).toContain('3 open');
    await markerNamed(organiserPage, 3, 'Article 3: 3 comments, 1 open amendment. Open the discussion').waitFor();
    await markerNamed(organiserPage, 6, 'Article 6: 0 comments, 1 open amendment. Open the discussion').waitFor();
    await markerNamed(organiserPage, 8, 'Article 8: 0 comments, 1 open amendment. Open the discussion').waitFor();
  });

  it('3. the organiser accepts the new article, rejects another amendment publicly and publishes 1.0', async () => {
    // Setup: version 0.1 freezes the draft before any decision.
    expect((await organiser.post(`/api/rulebooks/${SLUG}/releases`, { version: '0.1' })).status).toBe(201);
    await expect.poll(() => organiserPage.getByTestId('header-latest-release').textContent(), { timeout: WAIT }).toContain('0.1');

    readerPage = await newPage('a signed-out reader');
    await openDraft(readerPage, RULES.length);

    // Olivia's inbox lists the open amendments, most supported first.
    await organiserPage.getByTestId('tab-amendments').click();
    const inbox = organiserPage.getByTestId('amendment-list');
    await expect.poll(() => inbox.getByTestId('amendment-card').count(), { timeout: WAIT }).toBe(3);
    expect(await inbox.getByTestId('amendment-card').first().getAttribute('data-amendment-id')).toBe(yanisAmendment.id);
    await expectAccessible(organiserPage, 'the amendments inbox');

    // Each decision is taken on the amendment's page, next to its diff, and confirmed in a dialog showing the change.
    const decide = async (card: Locator, decision: 'accept' | 'reject', reason: string) => {
      await card.getByTestId('amendment-link').click();
      const detail = organiserPage.getByTestId('amendment-detail');
      await detail.getByTestId(`decision-${decision}`).click();
      await detail.getByTestId('decision-reason').fill(reason);
      await detail.getByTestId('decision-submit').click();
      await organiserPage.getByRole('dialog').getByTestId('confirm-dialog-confirm').click();
      await detail.getByTestId('decision-note').getByText(reason).waitFor();
      await detail.getByTestId('back-to-amendments').click();
      await inbox.waitFor();
      await card.waitFor({ state: 'detached' }); // the inbox shows open amendments only
    };
    await decide(inbox.getByTestId('amendment-card').filter({ hasText: 'after Article 8' }), 'accept', ACCEPT_REASON);

    // The new article is Article 9 everywhere: in the co-organiser's editor, the reader's page and Olivia's draft.
    const renumbered = [...RULES.slice(0, 8).map(([title]) => title), NEW_ARTICLE.title, ...RULES.slice(8).map(([title]) => title)].map((title, i) => `Art. ${i + 1}${title}`);
    await organiserPage.getByTestId('tab-draft').click();
    for (const page of [coOrganiserPage, readerPage, organiserPage]) {
      await expect.poll(() => tocTexts(page), { timeout: WAIT }).toEqual(renumbered);
      expect(await textWithoutCursors(article(page, 9).locator('.rb-article-title'))).toBe(NEW_ARTICLE.title);
      expect(await textWithoutCursors(paragraph(page, 9))).toBe(NEW_ARTICLE.text);
      await markerNamed(page, 9, /^Article 9: /).waitFor();
      expect(await textWithoutCursors(article(page, 10).locator('.rb-article-title'))).toBe('Prizes');
      await markerNamed(page, 10, /^Article 10: /).waitFor();
    }

    // She rejects Yanis's amendment; a signed-out reader sees why.
    await organiserPage.getByTestId('tab-amendments').click();
    await decide(organiserPage.locator(`[data-testid=amendment-card][data-amendment-id="${yanisAmendment.id}"]`), 'reject', REJECT_REASON);
    await readerPage.getByTestId('tab-amendments').click();
    const rejected = readerPage.locator(`[data-testid=amendment-card][data-amendment-id="${yanisAmendment.id}"]`);
    await rejected.getByTestId('decision-note').filter({ hasText: REJECT_REASON }).waitFor();
    expect(await rejected.getByTestId('status-badge').getAttribute('data-status')).toBe('rejected');

    // She publishes version 1.0 from the Releases tab.
    await organiserPage.getByTestId('tab-releases').click();
    await organiserPage.getByTestId('publish-version').fill('1.0');
    await organiserPage.getByTestId('publish-submit').click();
    await organiserPage.getByRole('dialog', { name: 'Publish version 1.0?' }).getByTestId('confirm-dialog-confirm').click();
    await organiserPage.locator('[data-testid=release-item][data-version="1.0"]').waitFor();
    await expectAccessible(organiserPage, 'the releases tab (organiser)');
    await expect.poll(() => organiserPage.getByTestId('header-latest-release').textContent(), { timeout: WAIT }).toContain('1.0');
  });

  it('4. a signed-out reader reads release 1.0, compares it with 0.1, downloads both PDFs and checks the history', async () => {
    // The reader's page, still open, follows the header's link to the new release.
    await expect.poll(() => readerPage.getByTestId('header-latest-release').textContent(), { timeout: WAIT }).toContain('1.0');
    await readerPage.getByTestId('header-latest-release').click();
    const release = readerPage.locator('[data-testid=release-page][data-version="1.0"]');
    await release.getByTestId('frozen-text').getByText(NEW_ARTICLE.text).waitFor();
    await release.getByTestId('changelog-amendment').filter({ hasText: NEW_ARTICLE.title }).waitFor();
    await expectAccessible(readerPage, 'the release page');
    const releasePdf = await downloadPdf(readerPage, release.getByTestId('download-release-pdf'));

    // The comparison with the previous version shows the inserted article and the two renumbered after it.
    await expect.poll(() => release.getByTestId('compare-with').inputValue(), { timeout: WAIT }).toBe('0.1');
    await release.getByTestId('compare-picker').getByRole('button').click();
    await readerPage.waitForURL((url) => url.pathname === `/r/${SLUG}/diff` && url.searchParams.get('from') === '0.1' && url.searchParams.get('to') === '1.0');
    const diff = readerPage.getByTestId('diff-page');
    const added = diff.locator('[data-testid=diff-article][data-status=added]');
    await added.waitFor();
    expect(await added.locator('h3').textContent()).toBe(`Article 9 – ${NEW_ARTICLE.title}`);
    expect(await diff.locator('[data-testid=diff-article][data-status=renumbered] h3').allTextContents()).toEqual([
      'Article 10 (formerly 9) – Prizes',
      'Article 11 (formerly 10) – Changes to these rules',
    ]);
    await expectAccessible(readerPage, 'the diff page');
    const redlinePdf = await downloadPdf(readerPage, diff.getByTestId('download-redline-pdf'));

    for (const pdf of [releasePdf, redlinePdf]) {
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(await firstPageText(pdf)).toContain(TITLE);
    }

    // The History tab tells the story in words, and the audit chain checks out.
    await readerPage.getByTestId('tab-history').click();
    const history = readerPage.getByTestId('history-tab');
    await history.getByTestId('history-entry').filter({ hasText: ACCEPT_REASON }).waitFor();
    await history.getByTestId('history-entry').filter({ hasText: REJECT_REASON }).waitFor();
    expect(await history.locator('[data-testid=history-entry][data-type="amendment.supported"]').count()).toBe(1);
    await history.getByTestId('verify-chain').click();
    const verdict = history.locator('[data-testid=verify-result][data-ok=true]');
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/The chain is intact \(\d+ entries\)/);
    await expectAccessible(readerPage, 'the history tab');
  });

  it('5. a member cannot type into the draft, a visitor cannot comment, and nobody may propose once the window has closed', async () => {
    // Léa's editor is read-only: her keystrokes change nothing and send nothing.
    await memberPage.getByTestId('tab-draft').click();
    await article(memberPage, RULES.length + 1).waitFor();
    expect(await editor(memberPage).getAttribute('aria-readonly')).toBe('true');
    const before = updatesSentByMember();
    await paragraph(memberPage, 4).click();
    await memberPage.keyboard.type('member was here');
    // Bruno types after her: once his words reach her page, whatever her keystrokes did or sent before would show.
    await paragraph(coOrganiserPage, 4).click({ position: { x: 1, y: 4 } });
    await coOrganiserPage.keyboard.type(CLOCKS_EDIT);
    await expect.poll(() => textWithoutCursors(paragraph(memberPage, 4)), { timeout: WAIT }).toBe(CLOCKS_EDIT + RULES[3]![1]);
    expect(await textWithoutCursors(editor(memberPage))).not.toContain('member was here');
    expect(updatesSentByMember()).toBe(before);
    expect(JSON.stringify((await organiser.get(`/api/rulebooks/${SLUG}/draft`)).body)).not.toContain('member was here');

    // A signed-out visitor, on a phone, is asked to sign in instead of being offered the forms.
    await readerPage.setViewportSize({ width: 375, height: 812 });
    await readerPage.goto(`${suite.server.url}/r/${SLUG}?article=${articleIds[2]}`);
    const visitorPanel = readerPage.getByTestId('side-panel');
    await visitorPanel.getByTestId('take-part-notice').getByText('Sign in to comment and propose amendments.').waitFor();
    await visitorPanel.getByTestId('comments').waitFor();
    expect(await visitorPanel.getByTestId('comment-form').count()).toBe(0);
    expect(await visitorPanel.getByTestId('propose').count()).toBe(0);
    await expectAccessible(readerPage, 'the draft page with a discussion open, 375 px wide (signed out)');

    // Olivia closes the consultation; Léa's page, without reloading, says so and offers no form.
    await setWindow(organiserPage, -2 * 3600_000, -120_000);
    await organiserPage.locator('[data-testid=consultation-state][data-state=closed]').waitFor();
    await memberPage.locator('[data-testid=consultation-state][data-state=closed]').waitFor();
    await marker(memberPage, 3).click();
    const panel = memberPage.getByTestId('side-panel');
    await panel.getByTestId('take-part-notice').getByText(/^The consultation closed on .*no longer accepted\.$/).waitFor();
    expect(await panel.getByTestId('propose').count()).toBe(0);
    expect(await panel.getByTestId('comment-form').count()).toBe(0);
    const refused = await lea.post(`/api/rulebooks/${SLUG}/amendments`, { kind: 'delete', articleId: articleIds[2], rationale: 'Too late?' });
    expect(refused.body.error.code).toBe('consultation_closed');
  });
});
