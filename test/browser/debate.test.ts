import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, shareSession, signIn } from '../helpers/browser.js';
import { ApiClient } from '../helpers/client.js';
import { openConsultation, openDebate, personWithRole } from '../helpers/fixtures.js';

const suite = browserSuite();

const newPage = async () => (await suite.newContext()).newPage();

describe('the debate in a browser', () => {
  it('lets a member comment on an article from its margin marker, and the organiser sees it live', async () => {
    const { organiser, account, slug, draft, lea } = await openDebate(suite.server, 3);
    const organiserPage = await newPage();
    await signIn(organiserPage, suite.server.url, account.email, account.password);
    await organiserPage.goto(`${suite.server.url}/r/${slug}`);
    const marker = organiserPage.locator(`[data-testid=article-marker][data-article-id="${draft.articles[1].id}"]`);
    await marker.waitFor();

    // The member (signed in through the API cookie) opens article 2 and comments.
    const memberPage = await newPage();
    await shareSession(memberPage, suite.server.url, lea.cookieHeader());
    await memberPage.goto(`${suite.server.url}/r/${slug}`);
    await memberPage.locator(`[data-testid=article-marker][data-article-id="${draft.articles[1].id}"]`).click();
    const panel = memberPage.getByTestId('side-panel');
    await panel.getByTestId('comment-form').locator('textarea').fill('Article 2 needs a deadline.');
    await panel.getByTestId('comment-form').getByTestId('comment-submit').click();
    await panel.getByTestId('comment-item').filter({ hasText: 'Article 2 needs a deadline.' }).waitFor();

    // Without reloading, the organiser's marker counts the comment.
    await expect.poll(() => marker.textContent(), { timeout: 10_000 }).toMatch(/1/);
    const comments = (await organiser.get(`/api/rulebooks/${slug}/articles/${draft.articles[1].id}/comments`)).body;
    expect(comments.map((c: any) => c.body)).toEqual(['Article 2 needs a deadline.']);
  });

  it('highlights the passage a comment quotes, and keeps it highlighted while the organiser types before it', async () => {
    const { organiser, slug, draft, lea } = await openDebate(suite.server, 3);
    const article = draft.articles[1];
    const quote = 'word2x5 word2x6';
    expect((await lea.post(`/api/rulebooks/${slug}/articles/${article.id}/comments`, { body: 'Unclear.', quote })).status).toBe(201);
    const page = await newPage();
    await shareSession(page, suite.server.url, organiser.cookieHeader());
    await page.goto(`${suite.server.url}/r/${slug}?article=${article.id}`);
    const anchor = page.getByTestId('editor').getByTestId('comment-anchor');
    await expect.poll(() => anchor.allTextContents(), { timeout: 10_000 }).toEqual([quote]);

    await page.getByTestId('editor').locator('article.rb-article').nth(1).locator('p').first().click({ position: { x: 1, y: 4 } });
    await page.keyboard.type('Inserted before. ');
    await expect.poll(async () => (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[1].text, { timeout: 10_000 }).toMatch(/^Inserted before\. /);
    expect(await anchor.allTextContents()).toEqual([quote]);
    // Closing the discussion clears the highlight.
    await page.getByTestId('side-panel-close').click();
    await expect.poll(() => anchor.count()).toBe(0);
  });

  it('tells a signed-out visitor to sign in before commenting', async () => {
    const { slug, draft } = await openDebate(suite.server, 2);
    const page = await newPage();
    await page.goto(`${suite.server.url}/r/${slug}?article=${draft.articles[0].id}`);
    await page.getByTestId('side-panel').getByTestId('take-part-notice').waitFor();
    expect(await page.getByTestId('side-panel').getByTestId('comment-form').count()).toBe(0);
  });

  it('lets an organiser close the consultation now, then reopen it for a week, and a member sees both live', async () => {
    const { organiser, slug, lea } = await openDebate(suite.server, 2);
    const { body: opened } = await organiser.get(`/api/rulebooks/${slug}`);
    const organiserPage = await newPage();
    organiserPage.on('dialog', (dialog) => void dialog.accept());
    await shareSession(organiserPage, suite.server.url, organiser.cookieHeader());
    await organiserPage.goto(`${suite.server.url}/r/${slug}`);
    const memberPage = await newPage();
    await shareSession(memberPage, suite.server.url, lea.cookieHeader());
    await memberPage.goto(`${suite.server.url}/r/${slug}`);
    await memberPage.locator('[data-testid=consultation-state][data-state=open]').waitFor();
    expect(await memberPage.getByTestId('window-close-now').count()).toBe(0);

    // Closed at once on her page (not at the next tick of the countdown's clock), and live on the member's.
    await organiserPage.getByTestId('window-close-now').click();
    await organiserPage.locator('[data-testid=consultation-state][data-state=closed]').waitFor({ timeout: 5_000 });
    await memberPage.locator('[data-testid=consultation-state][data-state=closed]').waitFor();
    const { body: closed } = await organiser.get(`/api/rulebooks/${slug}`);
    expect(closed).toMatchObject({ consultation: 'closed', opensAt: opened.opensAt });

    // Reopening offers a closing time a week ahead; the opening time stays.
    await organiserPage.getByTestId('window-reopen').click();
    const form = organiserPage.getByTestId('reopen-form');
    await form.getByTestId('reopen-submit').click();
    await organiserPage.locator('[data-testid=consultation-state][data-state=open]').waitFor({ timeout: 5_000 });
    await memberPage.locator('[data-testid=consultation-state][data-state=open]').waitFor();
    const { body: reopened } = await organiser.get(`/api/rulebooks/${slug}`);
    expect(reopened).toMatchObject({ consultation: 'open', opensAt: opened.opensAt });
    const week = 7 * 24 * 3600_000;
    expect(Date.parse(reopened.closesAt) - Date.now()).toBeGreaterThan(week - 5 * 60_000);
    expect(Date.parse(reopened.closesAt) - Date.now()).toBeLessThanOrEqual(week);
  });

  it('renders script and markup typed into every text field as inert text', async () => {
    const payload = (field: string) => `<img src=x onerror=__xss='${field}'><script>__xss='${field}'</script>`;
    const organiser = new ApiClient(suite.server.url);
    const organiserAccount = await organiser.signUp(payload('on'));
    const slug = `xss-${Date.now().toString(36)}`;
    await organiser.post('/api/rulebooks', { slug, title: payload('rulebook-title'), language: 'en' });
    const imported = await organiser.post(`/api/rulebooks/${slug}/draft/import`, {
      markdown: `# ${payload('draft-title')}\n\n${payload('preamble')}\n\n# ${payload('section')}\n\n## Article 1 – ${payload('article-title')}\n\nQuoted ${payload('article-text')} here.\n\n## Article 2 – Second\n\nText.`,
    });
    const [first] = imported.body.articles;
    await openConsultation(organiser, slug);
    const member = new ApiClient(suite.server.url);
    await member.signUp(payload('mn'));
    const { body: comment } = await member.post(`/api/rulebooks/${slug}/articles/${first.id}/comments`, { body: payload('comment'), quote: payload('article-text') });
    await member.post(`/api/rulebooks/${slug}/articles/${first.id}/comments`, { body: 'reply', parentId: comment.id });
    const { body: hidden } = await member.post(`/api/rulebooks/${slug}/articles/${first.id}/comments`, { body: 'to hide' });
    await organiser.post(`/api/comments/${hidden.id}/hide`, { reason: payload('hide-reason') });
    const { body: amendment } = await member.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: first.id, title: payload('amendment-title'), text: payload('amendment-text'), rationale: payload('rationale') });
    const { body: rejected } = await member.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: first.id, rationale: 'x' });
    await organiser.post(`/api/amendments/${rejected.id}/decision`, { decision: 'reject', reason: payload('decision-reason') });
    await personWithRole(suite.server, organiser, slug, 'member', 'second');

    const page: Page = await newPage();
    await shareSession(page, suite.server.url, organiser.cookieHeader());
    page.on('dialog', (d) => void d.dismiss());
    const visits: Array<[string, string]> = [
      ['/', 'draft-title'], // the import renamed the rulebook after the draft's title
      [`/r/${slug}?article=${first.id}`, 'comment'],
      [`/r/${slug}?tab=amendments`, 'rationale'],
      [`/r/${slug}/amendments/${amendment.id}`, 'rationale'], // its wording is shown as a word diff, split into runs
      [`/r/${slug}/amendments/${rejected.id}`, 'decision-reason'],
      [`/r/${slug}?tab=history`, 'mn'],
    ];
    for (const [path, field] of visits) {
      await page.goto(suite.server.url + path);
      await page.getByText(payload(field), { exact: false }).first().waitFor({ timeout: 10_000 });
      expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss), path).toBeUndefined();
      expect(await page.locator('img[src=x]').count(), path).toBe(0);
    }
    // The draft itself (rendered by ProseMirror) shows the markup as text too, and so do the amendments drawn in it.
    await page.goto(`${suite.server.url}/r/${slug}`);
    await page.getByTestId('editor').getByTestId('inplace-badge').first().waitFor();
    expect(await page.locator('img[src=x]').count()).toBe(0);
    await page.getByTestId('inplace-mode-off').check();
    await page.getByTestId('editor').getByText(payload('article-title')).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(organiserAccount.email).toContain('@');
  });
});
