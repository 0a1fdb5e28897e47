import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SLUG } from '../server/seed/demo.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ seedDemo: true });
});
afterAll(() => server.close());

describe('the demo seeded into an empty database', () => {
  it('has the contest rules, an open consultation with a debate, and the accounts the README lists', async () => {
    const reader = new ApiClient(server.url);
    const rulebook = (await reader.get(`/api/rulebooks/${DEMO_SLUG}`)).body;
    expect(rulebook).toMatchObject({ language: 'fr', consultation: 'open', organisers: ['Camille Dubois'] });
    const draft = (await reader.get(`/api/rulebooks/${DEMO_SLUG}/draft`)).body;
    expect(draft.articles).toHaveLength(13);
    expect(draft.articles[2].title).toBe('Conditions de participation');
    expect(draft.sections.map((s: any) => s.title)).toEqual([
      'Chapitre 1 – Dispositions générales',
      'Chapitre 2 – Déroulement du concours',
      'Chapitre 3 – Dispositions finales',
    ]);
    const [amendment] = (await reader.get(`/api/rulebooks/${DEMO_SLUG}/amendments`)).body;
    expect(amendment).toMatchObject({ kind: 'modify', articleNumber: 3, supportCount: 1, author: { displayName: 'Léa Martin' } });
    expect((await reader.get(`/api/rulebooks/${DEMO_SLUG}/comments/counts`)).body.counts).toEqual({ [draft.articles[2].id]: 2 });

    for (const account of DEMO_ACCOUNTS) {
      const client = new ApiClient(server.url);
      expect((await client.post('/api/auth/login', { email: account.email, password: DEMO_PASSWORD })).status).toBe(200);
      expect((await client.get(`/api/rulebooks/${DEMO_SLUG}`)).body.role).toBe(account.role);
    }
  });

  it('is not seeded twice', async () => {
    const { seedDemo } = await import('../server/seed/demo.js');
    await seedDemo(server.app);
    expect((await new ApiClient(server.url).get('/api/rulebooks')).body).toHaveLength(1);
  });
});
