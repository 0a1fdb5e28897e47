import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, waitFor } from './helpers/client.js';
import { openDebate } from './helpers/fixtures.js';
import { listenToEvents } from './helpers/comments.js';
import type { RulebookEvent } from '../shared/protocol.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ maxEventLoopDelayMs: 0 });
});
afterAll(() => server.close());

type Setup = Awaited<ReturnType<typeof openDebate>>;

/** Léa proposes an amendment, then a second one; Yanis supports the first. Resolves once the support's event arrived. */
async function debateWithOneSupport(setup: Setup, events: RulebookEvent[]) {
  const { slug, draft, lea, yanis } = setup;
  const { body: supported } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[1].id, rationale: 'Useless.' });
  const { body: newer } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[2].id, rationale: 'Redundant.' });
  expect((await yanis.post(`/api/amendments/${supported.id}/support`)).status).toBe(200);
  await waitFor(() => events.some((e) => e.type === 'amendment.changed' && e.amendmentId === supported.id && e.change === 'supported'), 5000, 'the support event');
  return { supported: supported.id as string, newer: newer.id as string };
}

/** A person's display name (the server makes it unique when taken). */
const nameOf = async (client: ApiClient): Promise<string> => (await client.get('/api/me')).body.displayName;

/** What `client` sees of supports: the list sorted by support (ids and counts), and the first amendment's detail. */
async function supportsSeenBy(client: ApiClient, slug: string, id: string) {
  const list = await client.get(`/api/rulebooks/${slug}/amendments?sort=support`);
  const detail = await client.get(`/api/amendments/${id}`);
  return {
    list: list.body.map((a: { id: string; supportCount: number | null }) => [a.id, a.supportCount]),
    detail: { supportCount: detail.body.supportCount, supporters: detail.body.supporters },
  };
}

/** Supports per amendment id, as the public consultation report gives them. */
async function reportSupports(client: ApiClient, slug: string): Promise<Record<string, number | null>> {
  const { body } = await client.get(`/api/rulebooks/${slug}/report`);
  return Object.fromEntries(body.articles.flatMap((a: { amendments: { id: string; supports: number | null }[] }) => a.amendments.map((m) => [m.id, m.supports])));
}

const amendmentEvents = (events: RulebookEvent[]) => events.filter((e) => e.type === 'amendment.changed');

describe('supports hidden until the consultation closes', () => {
  it('hides counts and supporters from members and readers while the window is open, not from organisers, and shows them after the close', async () => {
    const setup = await openDebate(server);
    const { organiser, slug, yanis } = setup;
    const set = await organiser.request('PUT', `/api/rulebooks/${slug}/participation`, { policy: 'verified', domains: [], hideSupportsUntilClose: true });
    expect(set.body.participation).toEqual({ policy: 'verified', domains: [], hideSupportsUntilClose: true });
    const entry = (await organiser.get(`/api/rulebooks/${slug}/audit?limit=200`)).body.entries.at(-1);
    expect(entry).toMatchObject({ type: 'participation.set', payload: { policy: 'verified', domains: [], hideSupportsUntilClose: true } });

    const yanisName = await nameOf(yanis);
    const events = await listenToEvents(server, slug);
    const { supported, newer } = await debateWithOneSupport(setup, events.received);
    const hidden = { list: [[newer, null], [supported, null]], detail: { supportCount: null, supporters: null } };
    expect(await supportsSeenBy(yanis, slug, supported)).toEqual(hidden);
    expect(await supportsSeenBy(new ApiClient(server.url), slug, supported)).toEqual(hidden);
    expect((await yanis.get(`/api/amendments/${supported}`)).body.supportedByMe).toBe(true);
    expect(await supportsSeenBy(organiser, slug, supported)).toEqual({
      list: [[supported, 1], [newer, 0]],
      detail: { supportCount: 1, supporters: [{ displayName: yanisName }] },
    });
    expect(amendmentEvents(events.received)).toHaveLength(3);
    for (const event of amendmentEvents(events.received)) expect(event).not.toHaveProperty('supportCount');
    // The public report (JSON, and the CSV made from it) hides them too, for everyone.
    expect(await reportSupports(organiser, slug)).toEqual({ [supported]: null, [newer]: null });
    const csv: Record<string, string>[] = parse(await (await fetch(`${server.url}/api/rulebooks/${slug}/report.csv`)).text(), { bom: true, columns: true });
    expect(csv.filter((row) => row.kind === 'delete').map((row) => row.supports)).toEqual(['', '']);

    const closed = await organiser.request('PATCH', `/api/rulebooks/${slug}`, { opensAt: new Date(Date.now() - 7200_000).toISOString(), closesAt: new Date(Date.now() - 1000).toISOString() });
    expect(closed.body.consultation).toBe('closed');
    const shown = { list: [[supported, 1], [newer, 0]], detail: { supportCount: 1, supporters: [{ displayName: yanisName }] } };
    expect(await supportsSeenBy(yanis, slug, supported)).toEqual(shown);
    expect(await supportsSeenBy(new ApiClient(server.url), slug, supported)).toEqual(shown);
    expect(await reportSupports(new ApiClient(server.url), slug)).toEqual({ [supported]: 1, [newer]: 0 });
    await organiser.post(`/api/amendments/${supported}/decision`, { decision: 'reject', reason: 'Needed.' });
    const decided = await waitFor(() => events.received.find((e) => e.type === 'amendment.changed' && e.change === 'decided'), 5000, 'the decision event');
    expect(decided).toMatchObject({ amendmentId: supported, supportCount: 1 });
    events.close();
  });

  it('changes nothing when the option is off', async () => {
    const setup = await openDebate(server);
    const yanisName = await nameOf(setup.yanis);
    const events = await listenToEvents(server, setup.slug);
    const { supported, newer } = await debateWithOneSupport(setup, events.received);
    const shown = { list: [[supported, 1], [newer, 0]], detail: { supportCount: 1, supporters: [{ displayName: yanisName }] } };
    expect(await supportsSeenBy(setup.yanis, setup.slug, supported)).toEqual(shown);
    expect(await supportsSeenBy(new ApiClient(server.url), setup.slug, supported)).toEqual(shown);
    expect(amendmentEvents(events.received).map((e) => e.type === 'amendment.changed' && e.supportCount)).toEqual([0, 0, 1]);
    events.close();
  });
});
