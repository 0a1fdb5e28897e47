import { first } from '../server/db/handle.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { WebSocket } from 'ws';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { openDebate } from './helpers/fixtures.js';
import { auditEvents, rulebooks } from '../server/db/schema.js';
import type { RulebookEvent } from '../shared/protocol.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('the audit log', () => {
  it('chains every change by hash and pages through it', async () => {
    const { slug, draft, lea } = await openDebate(server);
    const { body: amendment } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[0].id, rationale: 'x' });
    await lea.request('PATCH', `/api/amendments/${amendment.id}`, { rationale: 'Clearer.' });
    const reader = new ApiClient(server.url);
    const first = (await reader.get(`/api/rulebooks/${slug}/audit?limit=3`)).body;
    expect(first.entries.map((e: any) => e.type)).toEqual(['rulebook.created', 'draft.imported', 'window.set']);
    expect(first.entries[0].prevHash).toBe('0'.repeat(64));
    expect(first.entries[1].prevHash).toBe(first.entries[0].hash);
    const rest = (await reader.get(`/api/rulebooks/${slug}/audit?after=${first.next}&limit=50`)).body;
    expect(rest.entries.map((e: any) => e.type)).toEqual(['membership.set', 'membership.set', 'amendment.created', 'amendment.edited']);
    expect(rest.entries[3]).toMatchObject({ actor: { name: lea.displayName }, payload: { amendmentId: amendment.id, number: 1, revision: 1 } });
    expect(rest.next).toBeNull();
    const verified = (await reader.get(`/api/rulebooks/${slug}/audit/verify`)).body;
    expect(verified).toEqual({ ok: true, entries: 7, head: rest.entries[3].hash, brokenAt: null });
  });

  it('detects a stored row that was tampered with', async () => {
    const { slug, draft, lea } = await openDebate(server);
    await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[0].id, rationale: 'honest' });
    const rulebookId = first(await server.app.db.select().from(rulebooks).where(eq(rulebooks.slug, slug)))!.id;
    const row = (await server.app.db.select().from(auditEvents).where(eq(auditEvents.rulebookId, rulebookId))).find((r) => r.type === 'amendment.created')!;
    await server.app.db.update(auditEvents).set({ actorName: 'Someone else' }).where(eq(auditEvents.seq, row.seq));
    const verified = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit/verify`)).body;
    expect(verified).toMatchObject({ ok: false, brokenAt: row.number });
  });

  it('rejects bad paging parameters', async () => {
    const { slug } = await openDebate(server);
    for (const q of ['limit=0', 'limit=1000', 'after=-1', 'after=abc']) {
      const res = await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit?${q}`);
      expect([res.status, res.body.error.code], q).toEqual([400, 'validation_failed']);
    }
  });
});

describe('the live events channel', () => {
  it('tells everyone viewing a rulebook about new amendments, supports and decisions', async () => {
    const { organiser, slug, draft, lea, yanis } = await openDebate(server);
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/events/${slug}`);
    const received: RulebookEvent[] = [];
    ws.on('message', (data: Buffer) => received.push(JSON.parse(data.toString())));
    await new Promise((r) => ws.once('open', r));

    const { body: amendment } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[1].id, rationale: 'x' });
    await yanis.post(`/api/amendments/${amendment.id}/support`);
    await organiser.post(`/api/amendments/${amendment.id}/decision`, { decision: 'reject', reason: 'Needed.' });
    await organiser.request('PATCH', `/api/rulebooks/${slug}`, { opensAt: null, closesAt: null });
    const deadline = Date.now() + 5000;
    while (received.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual([
      { v: 1, type: 'amendment.changed', amendmentId: amendment.id, articleId: draft.articles[1].id, status: 'open', supportCount: 0, change: 'created' },
      { v: 1, type: 'amendment.changed', amendmentId: amendment.id, articleId: draft.articles[1].id, status: 'open', supportCount: 1, change: 'supported' },
      { v: 1, type: 'amendment.changed', amendmentId: amendment.id, articleId: draft.articles[1].id, status: 'rejected', supportCount: 1, change: 'decided' },
      { v: 1, type: 'rulebook.changed', change: 'window' },
    ]);
    ws.close();
  });

  it('closes a client that sends anything, and refuses unknown rulebooks', async () => {
    const { slug } = await openDebate(server);
    const base = server.url.replace(/^http/, 'ws');
    const chatty = new WebSocket(`${base}/events/${slug}`);
    await new Promise((r) => chatty.once('open', r));
    chatty.send('hello');
    expect(await new Promise((r) => chatty.once('close', (code) => r(code)))).toBe(4400);
    const unknown = new WebSocket(`${base}/events/no-such-rulebook`);
    expect(await new Promise((r) => unknown.once('close', (code) => r(code)))).toBe(4404);
  });
});

describe('the consultation window', () => {
  it('is set by organisers only, validated, and shown to everyone with its state', async () => {
    const { organiser, slug, lea } = await openDebate(server);
    const window = { opensAt: '2030-01-01T10:00:00.000Z', closesAt: '2030-02-01T10:00:00.000Z' };
    expect((await lea.request('PATCH', `/api/rulebooks/${slug}`, window)).body.error.code).toBe('not_organiser');
    expect((await new ApiClient(server.url).request('PATCH', `/api/rulebooks/${slug}`, window)).body.error.code).toBe('not_signed_in');
    for (const bad of [{ opensAt: window.closesAt, closesAt: window.opensAt }, { opensAt: window.opensAt, closesAt: null }]) {
      expect((await organiser.request('PATCH', `/api/rulebooks/${slug}`, bad)).body.error.code).toBe('invalid_window');
    }
    expect((await organiser.request('PATCH', `/api/rulebooks/${slug}`, { opensAt: 'tomorrow', closesAt: null })).body.error.code).toBe('validation_failed');
    expect((await organiser.request('PATCH', `/api/rulebooks/${slug}`, window)).body).toMatchObject({ ...window, consultation: 'upcoming' });
    expect((await new ApiClient(server.url).get(`/api/rulebooks/${slug}`)).body).toMatchObject({ ...window, consultation: 'upcoming' });
  });
});
