import { afterAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import type { WebsocketProvider } from 'y-websocket';
import { browserSuite } from '../helpers/browser.js';
import { importEditAmendRelease } from '../helpers/provenance-history.js';
import { pdfText } from '../helpers/pdf-text.js';
import { describeA11yViolations, seriousA11yViolations } from '../helpers/a11y.js';

const suite = browserSuite({ editQuietMs: 200 });
const providers: WebsocketProvider[] = [];
afterAll(() => {
  providers.forEach((p) => p.destroy());
});

async function downloadPdf(page: Page, link: Locator): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { name: download.suggestedFilename(), text: await pdfText(await readFile((await download.path())!)) };
}

describe('a release page offers its PDF with the origin of each article', () => {
  it('downloads the plain PDF or, from a second link, the one whose appendix names the amendment, its author and the reason', async () => {
    const { slug, provider, amendment, leaAccount, reason } = await importEditAmendRelease(suite.server);
    providers.push(provider);
    const context = await suite.newContext({ locale: 'en-GB', acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/r/${slug}/releases/1.0`);
    const release = page.getByTestId('release-page');
    await release.getByTestId('frozen-text').waitFor();

    const withOrigins = release.getByRole('link', { name: 'Download the PDF with the origin of each article, version 1.0' });
    expect(await withOrigins.textContent()).toContain('PDF with the origin of each article');
    // Its accessible name holds its visible text, as speech input needs to name it.
    const violations = await seriousA11yViolations(page);
    expect(violations, describeA11yViolations('the release page with both PDF links', violations)).toEqual([]);
    const appendix = await downloadPdf(page, withOrigins);
    expect(appendix.name).toBe(`${slug}-1.0-origins.pdf`);
    expect(appendix.text).toContain('Origin of each article');
    expect(appendix.text).toContain(`Amendment #${amendment.number} by ${leaAccount.displayName}`);
    expect(appendix.text).toContain(`“${reason}”`);

    const plain = await downloadPdf(page, release.getByTestId('download-release-pdf'));
    expect(plain.name).toBe(`${slug}-1.0.pdf`);
    expect(plain.text).not.toContain('Origin of each article');
  });
});
