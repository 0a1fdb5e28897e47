import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { openDebate, organiserWithRulebook } from './helpers/fixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** A GET whose answer is not JSON (a PDF), sent with the client's cookies. */
const getFile = (c: ApiClient, path: string) => fetch(c.baseUrl + path, { headers: { cookie: c.cookieHeader() } });

type Debate = Awaited<ReturnType<typeof openDebate>> & { amendmentId: string };
type Who = 'anonymous' | 'member' | 'otherOrganiser' | 'author' | 'organiser';

/** Each route with the status every kind of caller gets; callers are tried in this order, the organiser last. */
const routes: Array<{ name: string; call: (c: ApiClient, d: Debate) => Promise<{ status: number }>; expect: Partial<Record<Who, number>> }> = [
  { name: 'GET draft', call: (c, d) => c.get(`/api/rulebooks/${d.slug}/draft`), expect: { anonymous: 200, member: 200, otherOrganiser: 200, organiser: 200 } },
  { name: 'GET rulebook', call: (c, d) => c.get(`/api/rulebooks/${d.slug}`), expect: { anonymous: 200, member: 200, otherOrganiser: 200, organiser: 200 } },
  {
    name: 'PATCH rulebook window',
    call: (c, d) => c.request('PATCH', `/api/rulebooks/${d.slug}`, { opensAt: null, closesAt: null }),
    expect: { anonymous: 401, member: 403, otherOrganiser: 403, organiser: 200 },
  },
  { name: 'GET members', call: (c, d) => c.get(`/api/rulebooks/${d.slug}/members`), expect: { anonymous: 401, member: 403, otherOrganiser: 403, organiser: 200 } },
  {
    name: 'POST members',
    call: (c, d) => c.post(`/api/rulebooks/${d.slug}/members`, { email: 'nobody@example.test', role: 'member' }),
    expect: { anonymous: 401, member: 403, otherOrganiser: 403, organiser: 202 },
  },
  {
    name: 'POST draft import',
    call: (c, d) => c.post(`/api/rulebooks/${d.slug}/draft/import`, { markdown: '# T\n\n## A\n\nB' }),
    expect: { anonymous: 401, member: 403, otherOrganiser: 403, organiser: 200 },
  },
  {
    name: 'POST amendment',
    call: (c, d) => c.post(`/api/rulebooks/${d.slug}/amendments`, { kind: 'delete', articleId: d.draft.articles[0].id, rationale: 'x' }),
    expect: { anonymous: 401, member: 201, otherOrganiser: 201, organiser: 201 },
  },
  { name: 'GET amendments', call: (c, d) => c.get(`/api/rulebooks/${d.slug}/amendments`), expect: { anonymous: 200, member: 200, otherOrganiser: 200, organiser: 200 } },
  { name: 'GET amendment', call: (c, d) => c.get(`/api/amendments/${d.amendmentId}`), expect: { anonymous: 200, member: 200, otherOrganiser: 200, organiser: 200 } },
  {
    name: 'PATCH amendment',
    call: (c, d) => c.request('PATCH', `/api/amendments/${d.amendmentId}`, { rationale: 'Edited.' }),
    expect: { anonymous: 401, member: 403, otherOrganiser: 403, organiser: 403, author: 200 },
  },
  {
    name: 'POST support',
    call: (c, d) => c.post(`/api/amendments/${d.amendmentId}/support`),
    expect: { anonymous: 401, author: 403, member: 200, otherOrganiser: 200, organiser: 200 },
  },
  {
    name: 'DELETE support',
    call: (c, d) => c.request('DELETE', `/api/amendments/${d.amendmentId}/support`),
    expect: { anonymous: 401, author: 403, member: 409, otherOrganiser: 409, organiser: 409 },
  },
  {
    name: 'POST decision',
    call: (c, d) => c.post(`/api/amendments/${d.amendmentId}/decision`, { decision: 'reject', reason: 'No.' }),
    expect: { anonymous: 401, member: 403, otherOrganiser: 403, author: 403, organiser: 200 },
  },
  {
    name: 'POST withdraw',
    call: (c, d) => c.post(`/api/amendments/${d.amendmentId}/withdraw`),
    expect: { anonymous: 401, member: 403, otherOrganiser: 403, organiser: 403, author: 200 },
  },
  {
    name: 'DELETE membership (leave)',
    call: (c, d) => c.request('DELETE', `/api/rulebooks/${d.slug}/membership`),
    expect: { anonymous: 401, member: 204, otherOrganiser: 409, author: 204, organiser: 409 },
  },
  { name: 'GET releases', call: (c, d) => c.get(`/api/rulebooks/${d.slug}/releases`), expect: { anonymous: 200, member: 200, otherOrganiser: 200, author: 200, organiser: 200 } },
  {
    name: 'POST release',
    call: (c, d) => c.post(`/api/rulebooks/${d.slug}/releases`, { version: '0.2' }),
    expect: { anonymous: 401, member: 403, otherOrganiser: 403, author: 403, organiser: 201 },
  },
  { name: 'GET release', call: (c, d) => c.get(`/api/rulebooks/${d.slug}/releases/0.1`), expect: { anonymous: 200, member: 200, otherOrganiser: 200, author: 200, organiser: 200 } },
  {
    name: 'POST release official',
    call: (c, d) => c.post(`/api/rulebooks/${d.slug}/releases/0.1/official`),
    expect: { anonymous: 401, member: 403, otherOrganiser: 403, author: 403, organiser: 200 },
  },
  { name: 'GET diff', call: (c, d) => c.get(`/api/rulebooks/${d.slug}/diff?from=0.1&to=draft`), expect: { anonymous: 200, member: 200, otherOrganiser: 200, organiser: 200 } },
  { name: 'GET release PDF', call: (c, d) => getFile(c, `/api/rulebooks/${d.slug}/releases/0.1/pdf`), expect: { anonymous: 200, member: 200, organiser: 200 } },
  { name: 'GET draft PDF', call: (c, d) => getFile(c, `/api/rulebooks/${d.slug}/draft/pdf`), expect: { anonymous: 200, member: 200, organiser: 200 } },
  { name: 'GET redline PDF', call: (c, d) => getFile(c, `/api/rulebooks/${d.slug}/diff/pdf?from=0.1&to=draft`), expect: { anonymous: 200, member: 200, organiser: 200 } },
  { name: 'GET audit', call: (c, d) => c.get(`/api/rulebooks/${d.slug}/audit`), expect: { anonymous: 200, member: 200, otherOrganiser: 200, organiser: 200 } },
  { name: 'GET audit verify', call: (c, d) => c.get(`/api/rulebooks/${d.slug}/audit/verify`), expect: { anonymous: 200, member: 200, otherOrganiser: 200, organiser: 200 } },
];

describe('authorisation of every route', () => {
  it.each(routes)('$name', async (route) => {
    const debate = await openDebate(server);
    const { body: amendment } = await debate.lea.post(`/api/rulebooks/${debate.slug}/amendments`, {
      kind: 'modify',
      articleId: debate.draft.articles[1].id,
      text: 'Proposed.',
      rationale: 'Because.',
    });
    expect((await debate.organiser.post(`/api/rulebooks/${debate.slug}/releases`, { version: '0.1' })).status).toBe(201);
    const { organiser: otherOrganiser } = await organiserWithRulebook(server, 1);
    const clients: Record<Who, ApiClient> = {
      anonymous: new ApiClient(server.url),
      member: debate.yanis,
      otherOrganiser,
      author: debate.lea,
      organiser: debate.organiser,
    };
    const order: Who[] = ['anonymous', 'member', 'otherOrganiser', 'author', 'organiser'];
    const seen: Partial<Record<Who, number>> = {};
    for (const who of order) {
      if (route.expect[who] === undefined) continue;
      seen[who] = (await route.call(clients[who], { ...debate, amendmentId: amendment.id })).status;
    }
    expect(seen).toEqual(route.expect);
  });
});
