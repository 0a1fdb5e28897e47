import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { browserSuite, recordPageErrors, shareSession } from '../helpers/browser.js';
import { describeA11yViolations, seriousA11yViolations } from '../helpers/a11y.js';
import { deskStory } from '../helpers/desk-story.js';

/** Where the screenshots of the overview go, to be looked at. */
const SHOTS = process.env.AMENDO_SHOTS ?? join(tmpdir(), 'amendo-desk-shots');

const suite = browserSuite();
beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

describe("the organiser's overview in a browser", () => {
  it('lists what waits for the organiser, linked to each amendment and article, at desktop and phone widths', async () => {
    const story = await deskStory(suite.server);
    const problems: string[] = [];
    for (const [name, viewport] of [['desk', { width: 1280, height: 900 }], ['desk-phone', { width: 375, height: 800 }]] as const) {
      const context = await suite.newContext({ viewport, locale: 'fr-FR' });
      const page = await context.newPage();
      recordPageErrors(page, name, problems);
      await shareSession(page, suite.server.url, story.organiser.cookieHeader());
      await page.goto(`${suite.server.url}/r/${story.slug}`);
      await page.getByTestId('desk-link').click();
      await page.getByTestId('desk-figures').waitFor();
      expect(page.url()).toBe(`${suite.server.url}/r/${story.slug}/desk`);
      expect(await page.getByTestId('desk-figures').locator('strong').allTextContents()).toEqual(['3', '3', '1', '2', '1']);
      const articles = page.getByTestId('desk-article');
      expect(await articles.count()).toBe(2);
      expect(await articles.first().getByTestId('desk-amendment').evaluateAll((els) => els.map((e) => e.getAttribute('data-amendment')))).toEqual([
        story.leaVersion.id,
        story.yanisVersion.id,
      ]);
      expect(await articles.first().locator('.outdated-badge').count()).toBe(2);
      const owed = page.getByTestId('desk-owed').getByTestId('desk-amendment');
      expect(await owed.locator('a').getAttribute('href')).toBe(`/r/${story.slug}/amendments/${story.cosigned.id}`);
      const threads = page.getByTestId('desk-thread');
      expect(await threads.evaluateAll((els) => els.map((e) => e.getAttribute('data-comment')))).toEqual([story.unanswered.id, story.betweenMembers.id]);
      expect(await threads.first().locator('a').getAttribute('href')).toBe(`/r/${story.slug}?article=${story.a3}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      const violations = await seriousA11yViolations(page);
      expect(violations, describeA11yViolations(name, violations)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
      await context.close();
    }
    expect(problems).toEqual([]);
  });
});
