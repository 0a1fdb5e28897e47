import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser.js';
import { seriousA11yViolations } from '../helpers/a11y.js';
import { openDebate } from '../helpers/fixtures.js';

const suite = browserSuite();

describe('"Show origin" on a release and the draft', () => {
  it('marks the words an amendment brought with its number, a card on focus and a legend, and goes back to the plain text', async () => {
    const { organiser, lea, slug, draft } = await openDebate(suite.server, 3);
    const target = draft.articles[1];
    const { body: amendment } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: target.id, text: `${target.text} Unless the jury decides otherwise.`, rationale: 'Room for the jury.' });
    expect((await organiser.post(`/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: 'The jury needs it.' })).status).toBe(200);
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).status).toBe(201);

    const context = await suite.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/r/${slug}/releases/1.0`);
    await page.getByTestId('frozen-text').waitFor();
    const release = page.getByTestId('release-page');
    await release.getByLabel('Show origin').check();

    const text = release.getByTestId('provenance');
    await text.waitFor();
    const added = text.locator('.prov-run.prov-amendment');
    expect((await added.allTextContents()).join('')).toBe(' Unless the jury decides otherwise.');
    expect(await text.locator('.prov-run.prov-import').first().textContent()).toBe(draft.articles[0].title);
    const legend = page.getByTestId('provenance-legend');
    expect(await legend.textContent()).toContain(`Amendment #${amendment.number} by Léa`);
    expect(await legend.getByRole('link', { name: 'Open the amendment' }).getAttribute('href')).toContain(amendment.id);

    // Without colour, the marker names the amendment; focused, it shows who decided and why.
    const marker = text.getByRole('button', { name: `[#${amendment.number}]` });
    await marker.focus();
    const card = page.getByRole('tooltip');
    await card.waitFor();
    expect(await card.textContent()).toContain('accepted by organiser');
    expect(await card.textContent()).toContain('Reason: The jury needs it.');
    expect(await text.locator('.prov-summary').nth(1).textContent()).toBe(`Created by: Imported original · Changed by: Amendment #${amendment.number}`);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await release.getByLabel('Show origin').uncheck();
    await release.getByTestId('frozen-text').waitFor();
    expect(await text.count()).toBe(0);

    // The live draft has the same switch, in place of the editor while it is on.
    await page.goto(`${suite.server.url}/r/${slug}`);
    const draftTab = page.getByTestId('draft-tab');
    await draftTab.locator('.ProseMirror').waitFor();
    await draftTab.getByLabel('Show origin').check();
    const live = draftTab.getByTestId('provenance');
    await live.waitFor();
    expect((await live.locator('.prov-run.prov-amendment').allTextContents()).join('')).toBe(' Unless the jury decides otherwise.');
    expect(await draftTab.locator('.ProseMirror').count()).toBe(0);
    await draftTab.getByLabel('Show origin').uncheck();
    await page.locator('.ProseMirror').waitFor();
  });
});
