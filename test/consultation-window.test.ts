import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { openDebate } from './helpers/fixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const HOUR = 3600_000;
const at = (offset: number) => new Date(Date.now() + offset).toISOString();

describe('changing one end of the consultation window', () => {
  it('closes the consultation now with one call that gives only the closing time', async () => {
    const { organiser, slug, draft, lea } = await openDebate(server, 2);
    const { body: before } = await organiser.get(`/api/rulebooks/${slug}`);
    expect(before.consultation).toBe('open');

    const closed = await organiser.request('PATCH', `/api/rulebooks/${slug}`, { closesAt: at(-1000) });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ opensAt: before.opensAt, consultation: 'closed' });
    const refused = await lea.post(`/api/rulebooks/${slug}/articles/${draft.articles[0].id}/comments`, { body: 'Too late?' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'consultation_closed']);
  });

  it('reopens a closed consultation until a new closing time, keeping its opening time', async () => {
    const { organiser, slug, draft, lea } = await openDebate(server, 2);
    const { body: opened } = await organiser.get(`/api/rulebooks/${slug}`);
    await organiser.request('PATCH', `/api/rulebooks/${slug}`, { closesAt: at(-1000) });

    const nextWeek = at(7 * 24 * HOUR);
    const reopened = await organiser.request('PATCH', `/api/rulebooks/${slug}`, { closesAt: nextWeek });
    expect(reopened.body).toMatchObject({ opensAt: opened.opensAt, closesAt: nextWeek, consultation: 'open' });
    expect((await lea.post(`/api/rulebooks/${slug}/articles/${draft.articles[0].id}/comments`, { body: 'Back again.' })).status).toBe(201);
  });

  it('moves the opening time alone, and checks the merged window', async () => {
    const { organiser, slug } = await openDebate(server, 2);
    const { body: before } = await organiser.get(`/api/rulebooks/${slug}`);
    const later = at(2 * HOUR);
    expect((await organiser.request('PATCH', `/api/rulebooks/${slug}`, { opensAt: later })).body).toMatchObject({ opensAt: later, closesAt: before.closesAt, consultation: 'upcoming' });

    // Opening after the stored closing time, or closing before the stored opening time, is refused and changes nothing.
    for (const change of [{ opensAt: at(48 * HOUR) }, { closesAt: at(HOUR) }]) {
      const res = await organiser.request('PATCH', `/api/rulebooks/${slug}`, change);
      expect([res.status, res.body.error.code]).toEqual([400, 'invalid_window']);
    }
    expect((await organiser.get(`/api/rulebooks/${slug}`)).body).toMatchObject({ opensAt: later, closesAt: before.closesAt });
  });

  it('refuses one end alone when there is no window to merge with, and an empty change', async () => {
    const organiser = new ApiClient(server.url);
    await organiser.signUp('Organiser');
    const slug = `window-${Date.now().toString(36)}`;
    await organiser.post('/api/rulebooks', { slug, title: 'Rules', language: 'en' });
    const res = await organiser.request('PATCH', `/api/rulebooks/${slug}`, { closesAt: at(HOUR) });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_window']);
    expect((await organiser.request('PATCH', `/api/rulebooks/${slug}`, {})).body.error.code).toBe('validation_failed');
  });

  it('lets only organisers change one end', async () => {
    const { slug, lea } = await openDebate(server, 2);
    expect((await lea.request('PATCH', `/api/rulebooks/${slug}`, { closesAt: at(-1000) })).body.error.code).toBe('not_organiser');
    expect((await new ApiClient(server.url).request('PATCH', `/api/rulebooks/${slug}`, { closesAt: at(-1000) })).body.error.code).toBe('not_signed_in');
  });
});
