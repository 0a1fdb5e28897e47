import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { browserSuite, recordPageErrors, shareSession } from '../helpers/browser.js';
import { describeA11yViolations, seriousA11yViolations } from '../helpers/a11y.js';
import { consultationStory, ok } from '../helpers/report-story.js';

/** Where the screenshots of the report go, to be looked at (and copied to docs/screenshots when they change). */
const SHOTS = process.env.AMENDO_SHOTS ?? join(tmpdir(), 'amendo-report-shots');

const suite = browserSuite();
beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

describe('the consultation report and the moderation queue in a browser', () => {
  it('shows the report with its charts, figures and articles, at desktop and phone widths', async () => {
    const story = await consultationStory(suite.server);
    const problems: string[] = [];
    for (const [name, viewport] of [['report', { width: 1280, height: 900 }], ['report-phone', { width: 375, height: 800 }]] as const) {
      const context = await suite.newContext({ viewport, locale: 'fr-FR' });
      const page = await context.newPage();
      recordPageErrors(page, name, problems);
      await page.goto(`${suite.server.url}/r/${story.slug}`);
      await page.getByTestId('report-link').click();
      await page.getByTestId('report-figures').waitFor();
      expect(page.url()).toBe(`${suite.server.url}/r/${story.slug}/report`);
      await expect(page.getByTestId('report-figures').textContent()).resolves.toContain('80 %');
      // Both charts are drawn, inside the page, one bar total per day and per article.
      for (const id of ['per-day', 'per-article']) {
        const svg = page.getByTestId(`chart-${id}`).locator('svg[role=img]');
        const box = (await svg.boundingBox())!;
        expect(box.width).toBeLessThanOrEqual(viewport.width);
        expect(await svg.getAttribute('aria-describedby')).toBeTruthy();
      }
      expect(await page.getByTestId('chart-per-article').locator('.chart-total').allTextContents()).toEqual(['2', '1', '2', '3', '1']);
      expect(await page.getByTestId('chart-per-day').locator('table tbody tr').count()).toBe(1);
      expect(await page.getByTestId('report-article').count()).toBe(5);
      expect(await page.getByTestId('report-amendment').count()).toBe(6);
      const hidden = page.locator('[data-testid=report-comment][data-state=hidden]');
      await expect(hidden.textContent()).resolves.toContain('Propos injurieux');
      await expect(page.locator('body').textContent()).resolves.not.toContain('injurieux à ne jamais');
      expect(await page.getByTestId('report-csv').getAttribute('href')).toBe(`/api/rulebooks/${story.slug}/report.csv`);
      // Nothing sticks out sideways on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      const violations = await seriousA11yViolations(page);
      expect(violations, describeA11yViolations(name, violations)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
      await context.close();
    }
    expect(problems).toEqual([]);
  });

  it('takes a report to the organiser’s queue, hides it with a reason, and tells it in the history', async () => {
    const story = await consultationStory(suite.server);
    const comment = await ok(story.lea.post(`/api/rulebooks/${story.slug}/articles/${story.a1}/comments`, { body: 'Remarque déplacée.' }), 201);
    await ok(story.yanis.post(`/api/comments/${comment.id}/report`, { reason: 'Hors sujet et blessant' }), 204);
    const context = await suite.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await shareSession(page, suite.server.url, story.organiser.cookieHeader());
    await page.goto(`${suite.server.url}/r/${story.slug}`);
    await expect(page.getByTestId('moderation-badge').textContent()).resolves.toContain('1');
    await page.getByTestId('moderation-link').click();
    const item = page.locator(`[data-testid=moderation-item][data-comment="${comment.id}"]`);
    await expect(item.textContent()).resolves.toContain('Hors sujet et blessant');
    await item.getByTestId('moderation-hide').click();
    await item.getByRole('alert').waitFor(); // a reason is required
    await item.getByTestId('moderation-reason').fill('Propos blessant envers un candidat');
    await item.getByTestId('moderation-hide').click();
    await page.locator('#moderation-hidden').filter({ hasText: '(2)' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'moderation.png'), fullPage: true });
    await page.goto(`${suite.server.url}/r/${story.slug}?tab=history`);
    await page.getByText('Propos blessant envers un candidat').waitFor();
    await expect(page.locator('body').textContent()).resolves.not.toContain('Hors sujet et blessant');
    await context.close();
  });
});
