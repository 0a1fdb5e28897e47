// Screenshots of the main pages on the demo rulebook, at desktop and phone widths, to look at before shipping.
// Usage: npx vite build && npx tsx scripts/screenshots.ts [out-dir]   (default /tmp/amendo-screenshots)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../server/app.js';
import { DEMO_PASSWORD, DEMO_SLUG } from '../server/seed/demo.js';
import { ApiClient } from '../test/helpers/client.js';
import { shareSession } from '../test/helpers/browser.js';
import { launchBrowser } from '../test/helpers/chromium.js';

const out = process.argv[2] ?? '/tmp/amendo-screenshots';
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'amendo-shots-'));
const app = await buildApp({ databasePath: join(dataDir, 'demo.db'), logLevel: 'warn', clientDir: 'dist/client' });
const url = await app.listen({ port: 0, host: '127.0.0.1' });
const browser = await launchBrowser();
try {
  // A little history: release 0.1, the demo amendment accepted, release 1.0.
  const camille = new ApiClient(url);
  await camille.post('/api/auth/login', { email: 'camille@demo.amendo', password: DEMO_PASSWORD });
  await camille.post(`/api/rulebooks/${DEMO_SLUG}/releases`, { version: '0.1', notes: 'Projet soumis à la consultation.' });
  const [amendment] = (await camille.get(`/api/rulebooks/${DEMO_SLUG}/amendments`)).body;
  await camille.post(`/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: 'Le public visé est le bon critère ; merci pour cette proposition.' });
  await camille.post(`/api/rulebooks/${DEMO_SLUG}/releases`, { version: '1.0' });
  const eligibility = (await camille.get(`/api/rulebooks/${DEMO_SLUG}/draft`)).body.articles[2].id;

  const shots: Array<[string, string, number, boolean]> = [
    ['home', '/', 1280, false],
    ['draft-organiser', `/r/${DEMO_SLUG}?article=${eligibility}`, 1280, true],
    ['amendment', `/r/${DEMO_SLUG}/amendments/${amendment.id}`, 1280, false],
    ['diff', `/r/${DEMO_SLUG}/diff?from=0.1&to=1.0`, 1280, false],
    ['history', `/r/${DEMO_SLUG}?tab=history`, 1280, false],
    ['draft-phone', `/r/${DEMO_SLUG}`, 375, false],
    ['diff-phone', `/r/${DEMO_SLUG}/diff?from=0.1&to=1.0`, 375, false],
  ];
  for (const [name, path, width, signedIn] of shots) {
    const context = await browser.newContext({ viewport: { width, height: width > 500 ? 900 : 800 }, locale: 'fr-FR' });
    const page = await context.newPage();
    if (signedIn) await shareSession(page, url, camille.cookieHeader());
    await page.goto(url + path);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(out, `${name}.png`) });
    await context.close();
    console.log(join(out, `${name}.png`));
  }
} finally {
  await browser.close();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
