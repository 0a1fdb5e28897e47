import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { browserSuite } from '../helpers/browser.js';
import { rewordedRulebook } from '../helpers/reworded.js';

const suite = browserSuite();

/** Screenshots to look at, kept out of the working tree (copied to docs/screenshots by hand once looked at). */
const shots = join(tmpdir(), 'amendo-screenshots');

/** What a sighted reader sees in each `<del>` and `<ins>` under `scope`, and what a screen reader is told first. */
async function marks(scope: Locator) {
  const read = (tag: 'del' | 'ins') =>
    scope.locator(tag).evaluateAll((elements) =>
      elements.map((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        const label = copy.querySelector('.visually-hidden')?.textContent ?? '';
        copy.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove());
        return `${label}${copy.textContent}`;
      }),
    );
  return { del: await read('del'), ins: await read('ins') };
}

describe('phrase-level diffs in a browser', () => {
  it('shows each rewording as one labelled deletion and one labelled insertion, inline, side by side and on the amendment', async () => {
    const { slug, amendments } = await rewordedRulebook(suite.server);
    mkdirSync(shots, { recursive: true });
    for (const [width, name] of [[1280, 'diff-phrases'], [375, 'diff-phrases-phone']] as const) {
      const context = await suite.newContext({ viewport: { width, height: width > 500 ? 900 : 800 }, locale: 'fr-FR' });
      const page = await context.newPage();
      await page.goto(`${suite.server.url}/r/${slug}/diff?from=0.1&to=1.0`);
      const articles = page.getByTestId('diff-article');
      await articles.first().locator('ins').first().waitFor();
      expect(await marks(articles.nth(0))).toEqual({ del: ['[supprimé : 1 500 €', '[supprimé : 12 mars 2027'], ins: ['[ajouté : 2 000 €', '[ajouté : 3 avril 2027'] });
      expect(await marks(articles.nth(1))).toEqual({ del: ['[supprimé : exercer son activité'], ins: ['[ajouté : animer une communauté'] });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

      await page.goto(`${suite.server.url}/r/${slug}/diff?from=0.1&to=1.0&view=side`);
      const rephrased = page.getByTestId('diff-article').nth(1);
      await rephrased.locator('.diff-column-new ins').waitFor();
      expect(await marks(rephrased.locator('.diff-column-old'))).toEqual({ del: ['[supprimé : exercer son activité'], ins: [] });
      expect(await marks(rephrased.locator('.diff-column-new'))).toEqual({ del: [], ins: ['[ajouté : animer une communauté'] });
      await context.close();
    }

    const page = await (await suite.newContext({ locale: 'en-GB' })).newPage();
    await page.goto(`${suite.server.url}/r/${slug}/amendments/${amendments[0].id}`);
    const proposal = page.getByTestId('diff-proposal').locator('.diff-paper');
    await proposal.locator('ins').first().waitFor();
    expect(await marks(proposal)).toEqual({ del: ['[removed: 1 500 €', '[removed: 12 mars 2027'], ins: ['[added: 2 000 €', '[added: 3 avril 2027'] });
  });
});
