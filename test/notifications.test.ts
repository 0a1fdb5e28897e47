import { first } from '../server/db/handle.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { eq, isNull } from 'drizzle-orm';
import { xml2js, type Element } from 'xml-js';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, uniqueEmail, waitFor } from './helpers/client.js';
import { Mailbox, linksIn, tokenOf } from './helpers/mail.js';
import { uniqueSlug } from './helpers/fixtures.js';
import { rulebookMarkdown } from './helpers/draft.js';
import { amendments, mailQueue } from '../server/db/schema.js';
import { sendDigests } from '../server/domain/notifications-schedule.js';
import type { PersonalEvent } from '../shared/validation/notifications.js';

let mailbox: Mailbox;
let server: TestServer;
beforeAll(async () => {
  mailbox = await Mailbox.start();
  server = await startServer({ smtpUrl: mailbox.url, mailRetryMs: 50, maxEventLoopDelayMs: 0 });
});
afterAll(async () => {
  await server.close();
  await mailbox.close();
});

/** Someone who signed up in `language` and followed the verification link. */
async function person(name: string, language: 'fr' | 'en') {
  const client = new ApiClient(server.url, mailbox);
  const email = uniqueEmail(name.toLowerCase());
  const res = await client.post('/api/auth/register', { email, password: 'a long password', displayName: `${name} ${email.split('-')[1]}`, language });
  expect([res.status, res.body]).toEqual([201, expect.anything()]);
  const verified = await client.post('/api/auth/verify', { token: tokenOf(await mailbox.linkTo(email, '/verify-email')) });
  expect(verified.status).toBe(200);
  return { client, email, id: verified.body.id as string };
}

/** A rulebook ("Test rules", from its Markdown) with an open consultation, its organiser, and its draft's article ids. */
async function openRulebook() {
  const organiser = await person('Organiser', 'en');
  const slug = uniqueSlug('notify');
  expect((await organiser.client.post('/api/rulebooks', { slug, title: 'Club rules', language: 'en' })).status).toBe(201);
  const { body: draft } = await organiser.client.post(`/api/rulebooks/${slug}/draft/import`, { markdown: rulebookMarkdown(3) });
  const window = { opensAt: new Date(Date.now() - 3600_000).toISOString(), closesAt: new Date(Date.now() + 7 * 86400_000).toISOString() };
  expect((await organiser.client.request('PATCH', `/api/rulebooks/${slug}`, window)).status).toBe(200);
  return { organiser, slug, articles: (draft.articles as { id: string }[]).map((a) => a.id) };
}

const propose = async (client: ApiClient, slug: string, articleId: string, text = 'A better wording of this article.') => {
  const res = await client.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId, text, rationale: 'Clearer.' });
  expect(res.status).toBe(201);
  return res.body as { id: string; number: number };
};

/** Every queued mail has left (the sentinel before counting what arrived). */
const mailSettled = () => waitFor(async () => (await server.app.db.select().from(mailQueue).where(isNull(mailQueue.sentAt))).length === 0, 10_000, 'the mail queue to drain');

describe('notifications', () => {
  it('tells the author and each supporter of a decision once, by mail in their language, with the reason', async () => {
    const { organiser, slug, articles } = await openRulebook();
    const author = await person('Author', 'en');
    const supporterFr = await person('Soutien', 'fr');
    const supporterEn = await person('Backer', 'en');
    const amendment = await propose(author.client, slug, articles[0]!);
    expect((await supporterFr.client.post(`/api/amendments/${amendment.id}/support`)).status).toBe(200);
    expect((await supporterEn.client.post(`/api/amendments/${amendment.id}/support`)).status).toBe(200);
    expect((await supporterFr.client.get(`/api/rulebooks/${slug}/follows`)).body.amendments).toEqual([amendment.id]);

    expect((await organiser.client.post(`/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: 'Agreed by the committee.' })).status).toBe(200);
    const en = await mailbox.nth(author.email, 2);
    expect(en.subject).toBe(`Amendment #${amendment.number} to “Test rules” was accepted.`);
    expect(en.text).toContain('Reason: Agreed by the committee.');
    expect(en.text).toContain(`/r/${slug}/amendments/${amendment.id}`);
    const fr = await mailbox.nth(supporterFr.email, 2);
    expect(fr.subject).toBe(`L'amendement n° ${amendment.number} à « Test rules » a été accepté.`);
    expect(fr.text).toContain('Motif : Agreed by the committee.');
    expect(fr.html).toContain('<html lang="fr">');
    await mailbox.nth(supporterEn.email, 2);

    // The same happening announced again (a retried hook, say) neither notifies nor mails anyone twice.
    const { rulebookId } = first(await server.app.db.select({ rulebookId: amendments.rulebookId }).from(amendments).where(eq(amendments.id, amendment.id)))!;
    server.app.domain.announce([{ rulebookId, actor: null, type: 'amendment.accepted', payload: { amendmentId: amendment.id }, audited: true }]);
    await mailSettled();
    for (const who of [author, supporterFr, supporterEn]) expect(mailbox.to(who.email).length).toBe(2);
    expect(mailbox.to(organiser.email).filter((m) => m.subject?.includes('accepted'))).toHaveLength(0);
    const list = (await author.client.get('/api/notifications')).body;
    expect(list.unread).toBe(1);
    expect(list.items[0]).toMatchObject({ kind: 'decisions', read: false, payload: { type: 'amendment.accepted', reason: 'Agreed by the committee.' } });
  });

  it('stops a kind of mail from its one-click link, signed out, but still lists the notification', async () => {
    const { organiser, slug, articles } = await openRulebook();
    const author = await person('Quitter', 'en');
    const first = await propose(author.client, slug, articles[0]!);
    await organiser.client.post(`/api/amendments/${first.id}/decision`, { decision: 'reject', reason: 'Not now.' });
    const mail = await mailbox.nth(author.email, 2);
    const unsubscribe = linksIn(mail.text!).find((l) => l.includes('/unsubscribe/'))!;
    const res = await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect([res.status, await res.json()]).toEqual([200, { kind: 'decisions' }]);
    expect((await author.client.get('/api/notifications/preferences')).body.decisions).toBe('off');

    const second = await propose(author.client, slug, articles[1]!);
    await organiser.client.post(`/api/amendments/${second.id}/decision`, { decision: 'accept', reason: 'Yes.' });
    const list = await waitFor(async () => {
      const body = (await author.client.get('/api/notifications')).body;
      return body.items.length === 2 ? body : null;
    });
    expect(list.items[0].payload).toMatchObject({ type: 'amendment.accepted', number: second.number });
    await mailSettled();
    expect(mailbox.to(author.email)).toHaveLength(2);
  });

  it("gathers a day's notifications into one digest mail the next morning", async () => {
    const { organiser, slug, articles } = await openRulebook();
    const proposer = await person('Proposer', 'fr');
    await organiser.client.post(`/api/rulebooks/${slug}/articles/${articles[0]}/comments`, { body: 'Is this clear?' });
    const comment = (await organiser.client.get(`/api/rulebooks/${slug}/articles/${articles[0]}/comments`)).body[0];
    await propose(proposer.client, slug, articles[0]!);
    await propose(proposer.client, slug, articles[1]!);
    expect((await proposer.client.post(`/api/rulebooks/${slug}/articles/${articles[0]}/comments`, { body: 'Yes, quite.', parentId: comment.id })).status).toBe(201);
    // The consultation's opening went out at once (that kind's default); the rest waits for the digest.
    expect((await mailbox.nth(organiser.email, 2)).subject).toBe('The consultation on “Test rules” is open.');
    expect((await organiser.client.get('/api/notifications')).body.unread).toBe(4);
    expect(await sendDigests(server.app.domain)).toBe(0);

    const clock = server.app.domain.clock;
    server.app.domain.clock = () => new Date(Date.now() + 86400_000);
    try {
      expect(await sendDigests(server.app.domain)).toBeGreaterThanOrEqual(1);
      expect(await sendDigests(server.app.domain)).toBe(0);
    } finally {
      server.app.domain.clock = clock;
    }
    const digest = await mailbox.nth(organiser.email, 3);
    expect(digest.subject).toBe('Your Amendo digest: 3 notifications');
    expect(digest.text).toContain('replied to your comment in “Test rules”: “Yes, quite.”');
    expect(digest.text!.match(/proposed amendment #\d+ to “Test rules”/g)).toHaveLength(2);
    expect(linksIn(digest.text!).some((l) => l.includes('/unsubscribe/'))).toBe(true);
    await mailSettled();
    expect(mailbox.to(organiser.email)).toHaveLength(3);
  });

  it('tells a follower of an article live, over their own channel, and lets them mark it read', async () => {
    const { organiser, slug, articles } = await openRulebook();
    const follower = await person('Follower', 'en');
    expect((await follower.client.request('PUT', `/api/rulebooks/${slug}/follows`, { target: 'article', id: articles[2], follow: true })).body.articles).toEqual([articles[2]]);
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/events/me`, { headers: { cookie: follower.client.cookieHeader() } });
    const received: PersonalEvent[] = [];
    ws.on('message', (data: Buffer) => received.push(JSON.parse(data.toString()) as PersonalEvent));
    await waitFor(() => received.length === 1, 10_000, 'the first unread count');
    expect(received[0]).toEqual({ v: 1, type: 'notifications.changed', unread: 0 });

    const amendment = await propose(organiser.client, slug, articles[2]!);
    await organiser.client.post(`/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: 'Fine.' });
    await waitFor(() => received.some((e) => e.unread === 2), 10_000, 'the live unread count');
    const { items } = (await follower.client.get('/api/notifications')).body;
    expect(items.map((n: { payload: { type: string } }) => n.payload.type)).toEqual(['amendment.accepted', 'amendment.created']);
    expect((await follower.client.post('/api/notifications/read', { ids: [items[0].id] })).body).toEqual({ unread: 1 });
    expect((await follower.client.post('/api/notifications/read', { all: true })).body).toEqual({ unread: 0 });
    ws.close();

    const anonymous = new WebSocket(`${server.url.replace(/^http/, 'ws')}/events/me`);
    const code = await new Promise<number>((resolve) => anonymous.on('close', resolve));
    expect(code).toBe(4511);
  });

  it('notifies a reply to my comment, but not my reply to myself', async () => {
    const { organiser, slug, articles } = await openRulebook();
    const reader = await person('Reader', 'en');
    const path = `/api/rulebooks/${slug}/articles/${articles[1]}/comments`;
    const mine = (await reader.client.post(path, { body: 'Why two?' })).body;
    await reader.client.post(path, { body: 'Answering myself.', parentId: mine.id });
    await organiser.client.post(path, { body: 'Because of the rota.', parentId: mine.id });
    const { items } = await waitFor(async () => {
      const body = (await reader.client.get('/api/notifications')).body;
      return body.items.length > 0 ? body : null;
    });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'replies', path: `/r/${slug}?article=${articles[1]}`, payload: { type: 'comment.replied', excerpt: 'Because of the rota.' } });
  });
});

describe('Atom feeds', () => {
  const children = (el: Element, name: string) => (el.elements ?? []).filter((e) => e.name === name);
  const textOf = (el: Element, name: string) => {
    const node = children(el, name)[0]?.elements?.[0];
    return node?.text ?? node?.cdata;
  };
  const parse = (xml: string) => (xml2js(xml) as Element).elements!.find((e) => e.name === 'feed')!;

  it('lists new amendments, decisions and releases with ids that stay the same', async () => {
    const { organiser, slug, articles } = await openRulebook();
    const author = await person('Writer', 'en');
    const one = await propose(author.client, slug, articles[0]!);
    const two = await propose(author.client, slug, articles[1]!);
    await organiser.client.post(`/api/amendments/${one.id}/decision`, { decision: 'accept', reason: 'Clearer indeed.' });
    await organiser.client.post(`/api/rulebooks/${slug}/releases`, { version: '1.0', notes: 'First.' });

    const res = await fetch(`${server.url}/api/rulebooks/${slug}/feed.atom`);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    const feed = parse(xml);
    expect(feed.attributes?.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(textOf(feed, 'title')).toBe('Test rules: amendments, decisions and releases');
    const entries = children(feed, 'entry');
    const titles = entries.map((e) => textOf(e, 'title'));
    expect(titles).toEqual(expect.arrayContaining([`Amendment #${one.number} proposed (article 1)`, `Amendment #${two.number} proposed (article 2)`, `Amendment #${one.number} accepted`, 'Version 1.0 published']));
    expect(entries).toHaveLength(4);
    const ids = entries.map((e) => textOf(e, 'id'));
    expect(new Set(ids).size).toBe(4);
    expect(ids).toContain(`urn:amendo:amendment:${one.id}:decided`);

    const again = parse(await (await fetch(`${server.url}/api/rulebooks/${slug}/feed.atom`)).text());
    expect(children(again, 'entry').map((e) => textOf(e, 'id'))).toEqual(ids);

    const article = parse(await (await fetch(`${server.url}/api/rulebooks/${slug}/articles/${articles[0]}/feed.atom`)).text());
    expect(children(article, 'entry').map((e) => textOf(e, 'id')).sort()).toEqual([`urn:amendo:amendment:${one.id}:decided`, `urn:amendo:amendment:${one.id}:proposed`]);
    expect((await fetch(`${server.url}/api/rulebooks/${slug}/articles/nope/feed.atom`)).status).toBe(404);
  });
});
