import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, uniqueEmail, type ApiResponse } from './helpers/client.js';
import { openDebate, organiserWithRulebook, uniqueSlug } from './helpers/fixtures.js';
import { TextLimit } from '../shared/validation/limits.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const errorOf = (res: ApiResponse) => [res.status, res.body?.error?.code];
const register = (displayName: string) =>
  new ApiClient(server.url).post('/api/auth/register', { email: uniqueEmail(), password: 'a long password', displayName });
const commentsPath = (slug: string, articleId: string) => `/api/rulebooks/${slug}/articles/${articleId}/comments`;

describe('importing Markdown with over-long headings', () => {
  it('refuses a 5,000-character title with title_too_long and changes neither the draft nor the rulebook', async () => {
    const { organiser, slug } = await organiserWithRulebook(server, 2);
    const draftBefore = (await organiser.get(`/api/rulebooks/${slug}/draft`)).body;
    const rulebookBefore = (await organiser.get(`/api/rulebooks/${slug}`)).body;

    const res = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: `# ${'T'.repeat(5000)}\n\n## One\n\nText.` });
    expect(errorOf(res)).toEqual([422, 'title_too_long']);
    expect(res.body.error.message).toMatch(/5000 characters long; the limit is 200/);

    expect((await organiser.get(`/api/rulebooks/${slug}/draft`)).body).toEqual(draftBefore);
    expect((await organiser.get(`/api/rulebooks/${slug}`)).body).toEqual(rulebookBefore);
  });

  it('refuses an over-long article title or section heading, naming the article', async () => {
    const { organiser, slug } = await organiserWithRulebook(server, 1);
    const long = 'A'.repeat(TextLimit.articleTitle + 1);
    const article = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: `# Rules\n\n## One\n\nText.\n\n## ${long}\n\nText.` });
    expect(errorOf(article)).toEqual([422, 'article_title_too_long']);
    expect(article.body.error.message).toMatch(/title of article 2/);
    const section = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: `# Rules\n\n# ${long}\n\n## One\n\nText.` });
    expect(errorOf(section)).toEqual([422, 'section_title_too_long']);
  });

  it('takes a title at the limit, normalised, and the rulebook list shows it', async () => {
    const { organiser, slug } = await organiserWithRulebook(server, 1);
    const title = `Re\u0300glement ${'t'.repeat(TextLimit.rulebookTitle - 10)}`;
    const res = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: `# \u200B ${title} \uFEFF\n\n## \u200BOne\u200B\n\nText.` });
    expect(res.status).toBe(200);
    const expected = title.normalize('NFC');
    expect(expected).toHaveLength(TextLimit.rulebookTitle);
    expect(res.body.title).toBe(expected);
    expect(res.body.articles[0].title).toBe('One');
    expect((await organiser.get(`/api/rulebooks/${slug}`)).body.title).toBe(expected);
  });

  it('treats a title of zero-width characters as missing', async () => {
    const { organiser, slug } = await organiserWithRulebook(server, 1);
    const res = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: `# \u200B\u2060\n\n## One\n\nText.` });
    expect(errorOf(res)).toEqual([422, 'missing_title']);
  });
});

describe('display names', () => {
  it('stores a name composed (NFC) and without invisible edges', async () => {
    const res = await register('\u200B Zoe\u0301   Martin \u2060');
    expect(res.status).toBe(201);
    expect(res.body.displayName).toBe('Zoé Martin');
  });

  it('refuses names that show nothing', async () => {
    for (const name of ['   ', '\u200B\u200C\u200D', '\uFEFF\u2060', '\u3164', '\u200B \u00AD \u200B']) {
      const res = await register(name);
      expect(errorOf(res), JSON.stringify(name)).toEqual([400, 'validation_failed']);
      expect(res.body.error.message).toMatch(/displayName must not be blank/);
    }
  });

  it('refuses a lone surrogate with invalid_unicode', async () => {
    const res = await register('Ada \uD800');
    expect(errorOf(res)).toEqual([400, 'invalid_unicode']);
    expect(res.body.error.message).toMatch(/displayName must not contain an unpaired surrogate/);
    expect((await register('Ada 😀')).status).toBe(201);
  });

  it('refuses a name someone already has, whatever its case, accents or spacing', async () => {
    expect((await register('Aurélie Dupont')).status).toBe(201);
    for (const name of ['Aurélie Dupont', 'AURELIE DUPONT', 'aure\u0301lie  dupont', 'Aurélie\u200B Dupont', 'Ａｕｒｅｌｉｅ Dupont']) {
      const res = await register(name);
      expect(errorOf(res), name).toEqual([409, 'display_name_taken']);
    }
    expect((await register('Aurélie Dupond')).status).toBe(201);
  });
});

describe('bodies and reasons', () => {
  it('trims and composes what people write, and refuses blank or malformed text', async () => {
    const { slug, draft, lea } = await openDebate(server, 1);
    const article = draft.articles[0].id;
    const made = await lea.post(commentsPath(slug, article), { body: '\u200B\n  Pourquoi pas de de\u0301lai ?\n\n  Merci.  \u200B' });
    expect(made.status).toBe(201);
    expect(made.body.body).toBe('Pourquoi pas de délai ?\n\n  Merci.');

    expect(errorOf(await lea.post(commentsPath(slug, article), { body: '\u200B \u200B\n\u2060' }))).toEqual([400, 'validation_failed']);
    expect(errorOf(await lea.post(commentsPath(slug, article), { body: 'Half an emoji: \uDE00' }))).toEqual([400, 'invalid_unicode']);
    expect(errorOf(await lea.request('PATCH', `/api/comments/${made.body.id}`, { body: '\uFEFF' }))).toEqual([400, 'validation_failed']);
    const amendment = { kind: 'modify', articleId: article, text: 'New text.', rationale: '\u200B\u200B' };
    expect(errorOf(await lea.post(`/api/rulebooks/${slug}/amendments`, amendment))).toEqual([400, 'validation_failed']);
  });
});

describe('every field people write is capped', () => {
  it('answers 400 validation_failed, naming the field, one character over each limit', async () => {
    const { organiser, slug, draft, lea } = await openDebate(server, 2);
    const articleId = draft.articles[0].id;
    const comment = (await lea.post(commentsPath(slug, articleId), { body: 'A comment.' })).body;
    const amendment = (await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId, text: 'New.', rationale: 'Why.' })).body;
    const anonymous = new ApiClient(server.url);

    const cases: [ApiClient, string, string, Record<string, unknown>, string, number][] = [
      [anonymous, 'POST', '/api/auth/register', { email: uniqueEmail(), password: 'a long password', displayName: '' }, 'displayName', TextLimit.displayName],
      [anonymous, 'POST', '/api/auth/register', { email: '', password: 'a long password', displayName: 'Someone new' }, 'email', TextLimit.email],
      [anonymous, 'POST', '/api/auth/register', { email: uniqueEmail(), password: '', displayName: 'Someone new' }, 'password', TextLimit.password],
      [organiser, 'POST', '/api/rulebooks', { slug: uniqueSlug(), title: '', language: 'en' }, 'title', TextLimit.rulebookTitle],
      [organiser, 'POST', `/api/rulebooks/${slug}/draft/import`, { markdown: '' }, 'markdown', TextLimit.importMarkdown],
      [lea, 'POST', commentsPath(slug, articleId), { body: '' }, 'body', TextLimit.commentBody],
      [lea, 'POST', commentsPath(slug, articleId), { body: 'Quoting.', quote: '' }, 'quote', TextLimit.quote],
      [lea, 'PATCH', `/api/comments/${comment.id}`, { body: '' }, 'body', TextLimit.commentBody],
      [organiser, 'POST', `/api/comments/${comment.id}/hide`, { reason: '' }, 'reason', TextLimit.hideReason],
      [organiser, 'POST', `/api/comments/${comment.id}/report`, { reason: '' }, 'reason', TextLimit.reportReason],
      [lea, 'POST', `/api/rulebooks/${slug}/amendments`, { kind: 'insert', afterArticleId: null, title: '', text: 'T.', rationale: 'R.' }, 'title', TextLimit.amendmentTitle],
      [lea, 'POST', `/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId, text: '', rationale: 'R.' }, 'text', TextLimit.amendmentText],
      [lea, 'POST', `/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId, rationale: '' }, 'rationale', TextLimit.rationale],
      [lea, 'PATCH', `/api/amendments/${amendment.id}`, { title: '' }, 'title', TextLimit.amendmentTitle],
      [lea, 'PATCH', `/api/amendments/${amendment.id}`, { text: '' }, 'text', TextLimit.amendmentText],
      [lea, 'PATCH', `/api/amendments/${amendment.id}`, { rationale: '' }, 'rationale', TextLimit.rationale],
      [organiser, 'POST', `/api/amendments/${amendment.id}/decision`, { decision: 'reject', reason: '' }, 'reason', TextLimit.decisionReason],
      [organiser, 'POST', `/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: 'R.', resolvedTitle: '' }, 'resolvedTitle', TextLimit.amendmentTitle],
      [organiser, 'POST', `/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: 'R.', resolvedText: '' }, 'resolvedText', TextLimit.amendmentText],
      [organiser, 'POST', `/api/rulebooks/${slug}/releases`, { version: '0.1', notes: '' }, 'notes', TextLimit.releaseNotes],
    ];
    for (const [client, method, path, body, field, limit] of cases) {
      const res = await client.request(method, path, { ...body, [field]: 'x'.repeat(limit + 1) });
      expect(errorOf(res), `${method} ${path} ${field}`).toEqual([400, 'validation_failed']);
      expect(res.body.error.message).toContain(`body/${field} must NOT have more than ${limit} characters`);
    }

    // Nothing was written by any of them; a comment at the limit is accepted.
    expect((await lea.get(`/api/amendments/${amendment.id}`)).body).toMatchObject({ status: 'open', text: 'New.', rationale: 'Why.' });
    expect((await lea.post(commentsPath(slug, articleId), { body: 'y'.repeat(TextLimit.commentBody) })).status).toBe(201);
  });
});
