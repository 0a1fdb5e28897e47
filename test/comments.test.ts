import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, connectProvider, synced, waitFor } from './helpers/client.js';
import { openDebate, organiserWithRulebook, personWithRole } from './helpers/fixtures.js';
import { deleteArticle, insertArticleAfter, typeInArticle } from './helpers/draft.js';
import { boldInArticle, deleteFromArticle, listenToEvents, setWindow, storedRows, typeBeside } from './helpers/comments.js';
import { resolveAnchor } from '../server/domain/anchors.js';
import { newNodeId } from '../shared/doc/ids.js';

let server: TestServer;
const providers: WebsocketProvider[] = [];
beforeAll(async () => {
  process.setMaxListeners(100); // every y-websocket provider adds a process 'exit' listener
  server = await startServer();
});
afterAll(async () => {
  providers.forEach((p) => p.destroy());
  await server.close();
});
const connect = (slug: string, cookie: string) => {
  const p = connectProvider(server.collabUrl, slug, cookie);
  providers.push(p);
  return p;
};

const HOUR = 3600_000;
const commentsPath = (slug: string, articleId: string) => `/api/rulebooks/${slug}/articles/${articleId}/comments`;
const commentsOn = async (client: ApiClient, slug: string, articleId: string) => (await client.get(commentsPath(slug, articleId))).body;
const countsOf = async (slug: string) => (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/comments/counts`)).body.counts;
const errorOf = (res: { status: number; body: any }) => [res.status, res.body?.error?.code];

describe('commenting on an article', () => {
  it('lets a member comment, reply, edit and delete their own words, and keeps the thread', async () => {
    const { slug, draft, lea, yanis } = await openDebate(server);
    const article = draft.articles[0].id;
    const first = await lea.post(commentsPath(slug, article), { body: '  Why a week and not two?  ' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      articleId: article,
      parentId: null,
      author: { displayName: lea.displayName },
      body: 'Why a week and not two?',
      quote: null,
      anchor: { status: 'none', text: null, start: null, end: null },
      editedAt: null,
      deletedAt: null,
      hidden: null,
      reportCount: null,
      reportedByMe: false,
      mine: true,
    });
    const reply = (await yanis.post(commentsPath(slug, article), { body: 'Two would delay the season.', parentId: first.body.id })).body;
    const replyToReply = (await lea.post(commentsPath(slug, article), { body: 'Fair point.', parentId: reply.id })).body;
    expect(replyToReply.parentId).toBe(reply.id);

    const edited = await lea.request('PATCH', `/api/comments/${first.body.id}`, { body: 'Why a week rather than two?' });
    expect(edited.body).toMatchObject({ body: 'Why a week rather than two?', editedAt: expect.any(String) });

    // Nobody else may change Léa's words.
    expect(errorOf(await yanis.request('PATCH', `/api/comments/${first.body.id}`, { body: 'Hijacked' }))).toEqual([403, 'not_author']);
    expect(errorOf(await yanis.request('DELETE', `/api/comments/${first.body.id}`))).toEqual([403, 'not_author']);

    expect((await lea.request('DELETE', `/api/comments/${first.body.id}`)).status).toBe(204);
    expect(errorOf(await lea.request('PATCH', `/api/comments/${first.body.id}`, { body: 'Back' }))).toEqual([409, 'comment_locked']);
    expect(errorOf(await lea.request('DELETE', `/api/comments/${first.body.id}`))).toEqual([409, 'comment_locked']);

    // The deleted comment keeps its place so the replies still hang off it; readers see who, not what.
    const thread = await commentsOn(new ApiClient(server.url), slug, article);
    expect(thread.map((c: any) => [c.id, c.parentId, c.body])).toEqual([
      [first.body.id, null, null],
      [reply.id, first.body.id, 'Two would delay the season.'],
      [replyToReply.id, reply.id, 'Fair point.'],
    ]);
    expect(thread[0]).toMatchObject({ deletedAt: expect.any(String), author: { displayName: lea.displayName }, mine: false });
    expect(await countsOf(slug)).toEqual({ [article]: 2 });
  });

  it('accepts comments only while the consultation is open, except from organisers', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 2);
    const { person: member } = await personWithRole(server, organiser, slug, 'member');
    const path = commentsPath(slug, draft.articles[0].id);
    const before = await storedRows(server);

    expect(errorOf(await member.post(path, { body: 'No window yet' }))).toEqual([409, 'consultation_closed']);
    await setWindow(organiser, slug, HOUR, 2 * HOUR);
    expect(errorOf(await member.post(path, { body: 'Too early' }))).toEqual([409, 'consultation_closed']);
    await setWindow(organiser, slug, -2 * HOUR, -HOUR);
    expect(errorOf(await member.post(path, { body: 'Too late' }))).toEqual([409, 'consultation_closed']);
    expect(await storedRows(server)).toEqual({ comments: before.comments, audit: before.audit + 2 }); // just the two window changes

    expect((await organiser.post(path, { body: 'Closing remarks from the organisers.' })).status).toBe(201);

    // What a member wrote while it was open stays theirs to delete, but no longer to rewrite.
    await setWindow(organiser, slug, -HOUR, HOUR);
    const { body: written } = await member.post(path, { body: 'Said in time.' });
    await setWindow(organiser, slug, -2 * HOUR, -HOUR);
    expect(errorOf(await member.request('PATCH', `/api/comments/${written.id}`, { body: 'Rewritten later' }))).toEqual([409, 'consultation_closed']);
    expect((await member.request('DELETE', `/api/comments/${written.id}`)).status).toBe(204);
  });
});

describe('quoting a passage', () => {
  it('keeps pointing at the passage while organisers edit the article, and says when it was deleted', async () => {
    const { organiser, slug, draft, lea } = await openDebate(server, 3);
    const article = draft.articles[1];
    const quote = 'word2x3 word2x4 word2x5';
    const { body: comment } = await lea.post(commentsPath(slug, article.id), { body: 'This list is too long.', quote });
    expect(comment).toMatchObject({ quote, anchor: { status: 'attached', text: quote, start: expect.any(String), end: expect.any(String) } });
    const { body: onTitle } = await lea.post(commentsPath(slug, article.id), { body: 'Better title?', quote: 'Rule 2' });
    expect(onTitle.anchor).toMatchObject({ status: 'attached', text: 'Rule 2' });

    // An organiser types before the passage and right against both of its edges, makes a word of it bold,
    // and inserts an article before it.
    const writer = connect(slug, organiser.cookieHeader());
    await synced(writer);
    typeInArticle(writer.doc, article.id, 'In short: ');
    typeBeside(writer.doc, article.id, quote, 'before', '«');
    typeBeside(writer.doc, article.id, quote, 'after', '»');
    boldInArticle(writer.doc, article.id, 'word2x4');
    const inserted = insertArticleAfter(writer.doc, draft.articles[0].id, 'Inserted', 'A new rule.');
    await waitFor(async () => {
      const now = (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles;
      return now.length === 4 && now[2].id === article.id && now[2].text.includes(`«${quote}»`);
    }, 5000, 'the edits to reach the server');

    let [listed] = await commentsOn(lea, slug, article.id);
    expect(listed.anchor).toEqual({ status: 'attached', text: quote, start: comment.anchor.start, end: comment.anchor.end });
    // The stored positions are plain Yjs relative positions: an editor resolves them in its own copy of the draft.
    expect(resolveAnchor(writer.doc, listed.anchor)).toEqual({ status: 'attached', text: quote });

    // An edit inside the passage shows in the comment's current text; the original quote is kept.
    deleteFromArticle(writer.doc, article.id, ' word2x4');
    await waitFor(async () => (await commentsOn(lea, slug, article.id))[0].anchor.text === 'word2x3 word2x5', 5000, 'the anchor to follow the edit');

    deleteFromArticle(writer.doc, article.id, 'word2x3 word2x5');
    listed = await waitFor(async () => {
      const [c] = await commentsOn(lea, slug, article.id);
      return c.anchor.status === 'detached' && c;
    }, 5000, 'the anchor to detach');
    expect(listed).toMatchObject({ id: comment.id, articleId: article.id, quote, body: 'This list is too long.', anchor: { status: 'detached', text: null } });

    // Once the whole article is gone its comments are still listed, all detached.
    deleteArticle(writer.doc, article.id);
    const gone = await waitFor(async () => {
      const list = await commentsOn(lea, slug, article.id);
      return list.every((c: any) => c.anchor.status === 'detached') && list;
    }, 5000, 'the article deletion to detach every anchor');
    expect(gone.map((c: any) => c.id)).toEqual([comment.id, onTitle.id]);
    expect(await countsOf(slug)).toEqual({ [article.id]: 2 });
    expect(inserted).not.toBe(article.id);
  });
});

describe('moderation', () => {
  it('lets only the organisers of this rulebook hide a comment, with a public reason', async () => {
    const { organiser, slug, draft, lea, yanis } = await openDebate(server);
    const { organiser: elsewhere } = await organiserWithRulebook(server, 1);
    const article = draft.articles[0].id;
    const { body: comment } = await lea.post(commentsPath(slug, article), { body: 'Something rude.' });
    const hide = (client: ApiClient) => client.post(`/api/comments/${comment.id}/hide`, { reason: 'Insults another participant.' });

    expect(errorOf(await hide(new ApiClient(server.url)))).toEqual([401, 'not_signed_in']);
    expect(errorOf(await hide(yanis))).toEqual([403, 'not_organiser']);
    expect(errorOf(await hide(lea))).toEqual([403, 'not_organiser']);
    expect(errorOf(await hide(elsewhere))).toEqual([403, 'not_organiser']);

    const hidden = await hide(organiser);
    expect(hidden.status).toBe(200);
    expect(hidden.body).toMatchObject({ body: null, hidden: { at: expect.any(String), reason: 'Insults another participant.', by: organiser.displayName } });
    for (const viewer of [new ApiClient(server.url), lea, organiser]) {
      const [seen] = await commentsOn(viewer, slug, article);
      expect(seen).toMatchObject({ body: null, hidden: { reason: 'Insults another participant.', by: organiser.displayName } });
    }
    expect(errorOf(await lea.request('PATCH', `/api/comments/${comment.id}`, { body: 'Polite now' }))).toEqual([409, 'comment_locked']);
    expect(errorOf(await hide(organiser))).toEqual([409, 'comment_locked']);
    expect(errorOf(await yanis.post(`/api/comments/${comment.id}/report`, {}))).toEqual([409, 'comment_locked']);
  });

  it('takes one report per person and shows the count to organisers only', async () => {
    const { organiser, slug, draft, lea, yanis } = await openDebate(server);
    const article = draft.articles[0].id;
    const { body: comment } = await lea.post(commentsPath(slug, article), { body: 'Borderline.' });
    const outsider = new ApiClient(server.url);
    await outsider.signUp('outsider');

    expect((await yanis.post(`/api/comments/${comment.id}/report`, { reason: 'Off topic.' })).status).toBe(204);
    expect(errorOf(await yanis.post(`/api/comments/${comment.id}/report`, {}))).toEqual([409, 'already_reported']);
    expect((await outsider.post(`/api/comments/${comment.id}/report`, {})).status).toBe(204);

    expect((await commentsOn(organiser, slug, article))[0]).toMatchObject({ reportCount: 2, reportedByMe: false });
    expect((await commentsOn(yanis, slug, article))[0]).toMatchObject({ reportCount: null, reportedByMe: true });
    expect((await commentsOn(lea, slug, article))[0]).toMatchObject({ reportCount: null, reportedByMe: false });
    expect((await commentsOn(new ApiClient(server.url), slug, article))[0]).toMatchObject({ reportCount: null, reportedByMe: false });
  });
});

describe('who may do what', () => {
  type Who = 'anonymous' | 'member' | 'organiser' | 'organiser elsewhere';
  let setup: Awaited<ReturnType<typeof openDebate>> & { clients: Record<Who, ApiClient> };
  beforeAll(async () => {
    const debate = await openDebate(server);
    const { organiser: elsewhere } = await organiserWithRulebook(server, 1);
    setup = { ...debate, clients: { anonymous: new ApiClient(server.url), member: debate.lea, organiser: debate.organiser, 'organiser elsewhere': elsewhere } };
  });
  /** A fresh comment by the member, so no case depends on another. */
  const freshComment = async () => (await setup.lea.post(commentsPath(setup.slug, setup.draft.articles[0].id), { body: 'A view.' })).body.id as string;

  const routes: { route: string; call: (client: ApiClient) => Promise<{ status: number }>; expected: Record<Who, number> }[] = [
    { route: 'GET comments', call: (c) => c.get(commentsPath(setup.slug, setup.draft.articles[0].id)), expected: { anonymous: 200, member: 200, organiser: 200, 'organiser elsewhere': 200 } },
    { route: 'GET counts', call: (c) => c.get(`/api/rulebooks/${setup.slug}/comments/counts`), expected: { anonymous: 200, member: 200, organiser: 200, 'organiser elsewhere': 200 } },
    // The consultation is public: anyone signed in may take part while it is open.
    { route: 'POST comment', call: (c) => c.post(commentsPath(setup.slug, setup.draft.articles[0].id), { body: 'Mine.' }), expected: { anonymous: 401, member: 201, organiser: 201, 'organiser elsewhere': 201 } },
    { route: 'PATCH comment', call: async (c) => c.request('PATCH', `/api/comments/${await freshComment()}`, { body: 'Changed.' }), expected: { anonymous: 401, member: 200, organiser: 403, 'organiser elsewhere': 403 } },
    { route: 'DELETE comment', call: async (c) => c.request('DELETE', `/api/comments/${await freshComment()}`), expected: { anonymous: 401, member: 204, organiser: 403, 'organiser elsewhere': 403 } },
    { route: 'hide', call: async (c) => c.post(`/api/comments/${await freshComment()}/hide`, { reason: 'Spam.' }), expected: { anonymous: 401, member: 403, organiser: 200, 'organiser elsewhere': 403 } },
    { route: 'report', call: async (c) => c.post(`/api/comments/${await freshComment()}/report`, {}), expected: { anonymous: 401, member: 204, organiser: 204, 'organiser elsewhere': 204 } },
  ];
  const cases = routes.flatMap(({ route, call, expected }) => (Object.keys(expected) as Who[]).map((who) => ({ route, who, call, status: expected[who] })));

  it.each(cases)('$route as $who → $status', async ({ who, call, status }) => {
    expect((await call(setup.clients[who])).status).toBe(status);
  });

  it('refuses a change without the CSRF token', async () => {
    const res = await setup.lea.request('POST', commentsPath(setup.slug, setup.draft.articles[0].id), { body: 'Forged.' }, { csrf: false });
    expect(errorOf(res)).toEqual([403, 'csrf_invalid']);
  });
});

describe('validation', () => {
  it('explains what is wrong with a comment and writes nothing', async () => {
    const { organiser, slug, draft, lea } = await openDebate(server, 2);
    const [first, second] = draft.articles;
    const { body: onSecond } = await lea.post(commentsPath(slug, second.id), { body: 'On the second article.' });
    const before = await storedRows(server);
    const post = (body: unknown, article = first.id) => lea.post(commentsPath(slug, article), body);

    expect(errorOf(await post({ body: '' }))).toEqual([400, 'validation_failed']);
    expect(errorOf(await post({ body: ' \n\t ' }))).toEqual([400, 'validation_failed']);
    expect(errorOf(await post({ body: 'x'.repeat(100 * 1024) }))).toEqual([400, 'validation_failed']);
    expect(errorOf(await post({ body: 'Hi', mood: 'angry' }))).toEqual([400, 'validation_failed']);
    expect(errorOf(await post({}))).toEqual([400, 'validation_failed']);
    expect(errorOf(await post({ body: 'Hi', quote: 'y'.repeat(2001) }))).toEqual([400, 'validation_failed']);
    expect(errorOf(await post({ body: 'Hi' }, 'not an id'))).toEqual([400, 'validation_failed']);
    expect(errorOf(await post({ body: 'Hi' }, newNodeId()))).toEqual([404, 'article_not_found']);
    expect(errorOf(await lea.get(commentsPath(slug, newNodeId())))).toEqual([404, 'article_not_found']);
    expect(errorOf(await post({ body: 'Hi', parentId: 'no-such-comment' }))).toEqual([404, 'comment_not_found']);
    expect(errorOf(await post({ body: 'Hi', parentId: onSecond.id }))).toEqual([404, 'comment_not_found']); // a comment on another article
    const notHere = await post({ body: 'Hi', quote: 'not in this article' });
    expect(errorOf(notHere)).toEqual([422, 'quote_not_found']);
    expect(notHere.body.error.message).toMatch(/one paragraph/);
    expect(errorOf(await post({ body: 'Hi', quote: 'word2x1' }))).toEqual([422, 'quote_not_found']); // from the other article
    expect(errorOf(await post({ body: 'Hi', quote: 'Rule 1 word1x0' }))).toEqual([422, 'quote_not_found']); // across title and paragraph

    expect(errorOf(await lea.request('PATCH', `/api/comments/${onSecond.id}`, { body: '' }))).toEqual([400, 'validation_failed']);
    expect(errorOf(await lea.request('PATCH', `/api/comments/${onSecond.id}`, { body: 'Ok', quote: 'word2x1' }))).toEqual([400, 'validation_failed']);
    expect(errorOf(await lea.request('PATCH', '/api/comments/no-such-comment', { body: 'Ok' }))).toEqual([404, 'comment_not_found']);
    expect(errorOf(await organiser.post(`/api/comments/${onSecond.id}/hide`, { reason: ' ' }))).toEqual([400, 'validation_failed']);
    expect(errorOf(await organiser.post(`/api/comments/${onSecond.id}/hide`, { reason: 'r'.repeat(501) }))).toEqual([400, 'validation_failed']);
    expect(errorOf(await organiser.post(`/api/comments/${onSecond.id}/hide`, {}))).toEqual([400, 'validation_failed']);
    expect(errorOf(await organiser.post(`/api/comments/${onSecond.id}/report`, { reason: 'r'.repeat(501) }))).toEqual([400, 'validation_failed']);
    expect(errorOf(await organiser.post(`/api/comments/${onSecond.id}/report`, { why: 'x' }))).toEqual([400, 'validation_failed']);

    expect(await storedRows(server)).toEqual(before);
    expect(await commentsOn(lea, slug, second.id)).toEqual([onSecond]);
  });
});

describe('the record of the debate', () => {
  it('appends every change to the audit log, without copying what was written', async () => {
    const { organiser, slug, draft, lea, yanis } = await openDebate(server);
    const article = draft.articles[0].id;
    const { body: comment } = await lea.post(commentsPath(slug, article), { body: 'Secret wording.' });
    await lea.request('PATCH', `/api/comments/${comment.id}`, { body: 'Reworded secret.' });
    await yanis.post(`/api/comments/${comment.id}/report`, { reason: 'Private reason.' });
    await organiser.post(`/api/comments/${comment.id}/hide`, { reason: 'Public reason.' });
    await lea.request('DELETE', `/api/comments/${comment.id}`);

    const reader = new ApiClient(server.url);
    const entries = (await reader.get(`/api/rulebooks/${slug}/audit?limit=200`)).body.entries.filter((e: any) => e.type.startsWith('comment.'));
    expect(entries.map((e: any) => [e.type, e.actor?.name ?? null, e.payload])).toEqual([
      ['comment.created', lea.displayName, { commentId: comment.id, articleId: article, parentId: null }],
      ['comment.edited', lea.displayName, { commentId: comment.id, articleId: article }],
      ['comment.reported', null, { commentId: comment.id, articleId: article }],
      ['comment.hidden', organiser.displayName, { commentId: comment.id, articleId: article, reason: 'Public reason.' }],
      ['comment.deleted', lea.displayName, { commentId: comment.id, articleId: article }],
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/secret|Private/i);
    expect((await reader.get(`/api/rulebooks/${slug}/audit/verify`)).body).toMatchObject({ ok: true, brokenAt: null });
  });

  it('tells everyone viewing the rulebook when a comment changes', async () => {
    const { organiser, slug, draft, lea, yanis } = await openDebate(server);
    const article = draft.articles[0].id;
    const events = await listenToEvents(server, slug);
    const { body: comment } = await lea.post(commentsPath(slug, article), { body: 'Hello.' });
    await lea.request('PATCH', `/api/comments/${comment.id}`, { body: 'Hello again.' });
    await yanis.post(`/api/comments/${comment.id}/report`, {}); // reports are for the organisers, not announced
    await organiser.post(`/api/comments/${comment.id}/hide`, { reason: 'Noise.' });
    await lea.request('DELETE', `/api/comments/${comment.id}`);
    await waitFor(() => events.received.length >= 4, 5000, 'four events');
    expect(events.received).toEqual(
      (['created', 'edited', 'hidden', 'deleted'] as const).map((change) => ({ v: 1, type: 'comment.changed', articleId: article, commentId: comment.id, change })),
    );
    events.close();
  });
});
