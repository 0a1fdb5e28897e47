import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { openConsultation, organiserWithRulebook } from './helpers/fixtures.js';

const ORIGIN = 'https://rules.example';
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ publicUrl: ORIGIN });
});
afterAll(() => server.close());

const MARKDOWN = [
  '# Club <script>alert(1)</script> rules',
  '',
  'Preamble of the club.',
  '',
  '## Article 1 – Members',
  '',
  'Every member pays **the fee** before *March*.',
  '',
  '- one item',
  '- another item',
  '',
  '## Article 2 – Meetings & votes',
  '',
  'Meetings are held monthly.',
].join('\n');

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + path, { headers });
  return { status: res.status, type: res.headers.get('content-type'), etag: res.headers.get('etag'), text: await res.text() };
}

const meta = (html: string, attr: 'name' | 'property', key: string) => new RegExp(`<meta ${attr}="${key}" content="([^"]*)"`).exec(html)?.[1];

describe('server-rendered public pages', () => {
  it('render a release as HTML with its text, formatting, link-preview metadata and a canonical address, escaped', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 0, MARKDOWN);
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).status).toBe(201);

    const { status, type, text } = await page(`/r/${slug}/releases/1.0`);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/html/);
    expect(text).toContain('Every member pays <strong>the fee</strong> before <em>March</em>.');
    expect(text).toContain('<ul><li><p>one item</p></li><li><p>another item</p></li></ul>');
    expect(text).toContain('Article 2 – Meetings &amp; votes');
    expect(text).not.toContain('<script>alert(1)</script>');
    expect(text).toContain('Club &lt;script&gt;alert(1)&lt;/script&gt; rules');
    expect(text).toContain(`<link rel="canonical" href="${ORIGIN}/r/${slug}/releases/1.0" />`);
    expect(meta(text, 'property', 'og:title')).toBe('Club &lt;script&gt;alert(1)&lt;/script&gt; rules — Version 1.0');
    expect(meta(text, 'property', 'og:url')).toBe(`${ORIGIN}/r/${slug}/releases/1.0`);
    expect(meta(text, 'property', 'og:description')).toBe('Preamble of the club.');
    expect(meta(text, 'name', 'twitter:card')).toBe('summary');
    expect(text).toContain(`<title>Club &lt;script&gt;alert(1)&lt;/script&gt; rules — Version 1.0</title>`);
    // Each article links to its citation.
    expect(text).toContain(`href="/r/${slug}/v/1.0/a/${draft.articles[1].id}"`);
  });

  it('render the rulebook with its live draft, a citation with numbered paragraphs, and a diff, with nothing unpublished', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 0, MARKDOWN);
    await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' });
    await openConsultation(organiser, slug);
    const unfiled = { kind: 'modify', articleId: draft.articles[0].id, text: 'Unfiled wording.', rationale: 'Still gathering co-signers.', draft: true };
    expect((await organiser.post(`/api/rulebooks/${slug}/amendments`, unfiled)).status).toBe(201);
    const rulebook = await page(`/r/${slug}`);
    expect(rulebook.status).toBe(200);
    expect(rulebook.text).toContain('Meetings are held monthly.');
    expect(rulebook.text).toContain(`href="/r/${slug}/releases/1.0"`);

    const citation = await page(`/r/${slug}/v/1.0/a/${draft.articles[0].id}`);
    expect(citation.text).toContain('Article 1 (in version 1.0)');
    expect(citation.text).toContain('<a class="paragraph-number" href="#p2">§2</a>');
    expect(meta(citation.text, 'property', 'og:type')).toBe('article');
    expect(meta(citation.text, 'property', 'og:title')).toBe('Article 1 – Members (Version 1.0) — Club &lt;script&gt;alert(1)&lt;/script&gt; rules');

    const diff = await page(`/r/${slug}/diff?from=1.0&to=draft`);
    expect(diff.status).toBe(200);
    expect(diff.text).toContain('Changes from Version 1.0 to Current draft');
    expect(diff.text).toContain(`<link rel="canonical" href="${ORIGIN}/r/${slug}/diff?from=1.0&amp;to=draft" />`);
    for (const html of [rulebook.text, citation.text, diff.text]) expect(html).not.toMatch(/Unfiled wording|Still gathering/);
  });

  it('answer a 404 page for an unknown rulebook, release or article, and serve anonymous readers from the caches', async () => {
    const { organiser, slug } = await organiserWithRulebook(server, 0, MARKDOWN);
    await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' });
    for (const path of ['/r/no-such-book', `/r/${slug}/releases/9.9`, `/r/${slug}/releases/latest`, `/r/${slug}/v/1.0/a/a000000000000`, `/r/${slug}/diff?from=1.0`]) {
      const res = await page(path);
      expect([res.status, res.type], path).toEqual([404, 'text/html; charset=utf-8']);
      expect(res.text).toContain('<meta name="robots" content="noindex" />');
    }

    const path = `/r/${slug}/releases/1.0`;
    const first = await page(path);
    const hits = server.app.readCache.stats.hits;
    const again = await page(path);
    expect(server.app.readCache.stats.hits).toBe(hits + 1);
    expect(again.text).toBe(first.text);
    expect((await page(path, { 'if-none-match': first.etag! })).status).toBe(304);
    // Signed in, the same page (nothing of the reader's own in it).
    const signedIn = await fetch(server.url + path, { headers: { cookie: organiser.cookieHeader() } });
    expect(await signedIn.text()).toBe(first.text);
  });

  it('list public rulebooks, their releases and the official release’s citations in the sitemap, named by robots.txt', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 0, MARKDOWN);
    await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' });
    await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.1' });
    await organiser.post(`/api/rulebooks/${slug}/releases/1.0/official`);
    const sitemap = await page('/sitemap.xml');
    expect(sitemap.type).toMatch(/^application\/xml/);
    for (const path of [`/r/${slug}`, `/r/${slug}/releases/1.0`, `/r/${slug}/releases/1.1`, `/r/${slug}/v/1.0/a/${draft.articles[0].id}`]) {
      expect(sitemap.text).toMatch(new RegExp(`<url><loc>${ORIGIN}${path}</loc><lastmod>\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z</lastmod></url>`));
    }
    expect(sitemap.text).not.toContain(`/r/${slug}/v/1.1/`);
    expect((await page('/robots.txt')).text).toContain(`Sitemap: ${ORIGIN}/sitemap.xml`);
  });
});
