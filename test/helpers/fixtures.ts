import { ApiClient } from './client.js';
import type { TestServer } from './server.js';
import { rulebookMarkdown } from './draft.js';

let slugCounter = 0;

/** A fresh rulebook slug. */
export const uniqueSlug = (prefix = 'rules') => `${prefix}-${Date.now().toString(36)}-${++slugCounter}`;

/** An organiser signed in with a new rulebook whose draft was imported from Markdown (`articles` articles). */
export async function organiserWithRulebook(server: TestServer, articles = 5, markdown = rulebookMarkdown(articles)) {
  const organiser = new ApiClient(server.url);
  const account = await organiser.signUp('organiser');
  const slug = uniqueSlug();
  const created = await organiser.post('/api/rulebooks', { slug, title: 'Test rules', language: 'en' });
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const imported = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown });
  if (imported.status !== 200) throw new Error(`import failed: ${JSON.stringify(imported.body)}`);
  return { organiser, account, slug, draft: imported.body };
}

/** A second person with the given role on the rulebook. */
export async function personWithRole(server: TestServer, organiser: ApiClient, slug: string, role: 'organiser' | 'member', name: string = role) {
  const person = new ApiClient(server.url);
  const account = await person.signUp(name);
  const res = await organiser.post(`/api/rulebooks/${slug}/members`, { email: account.email, role });
  if (res.status !== 202) throw new Error(`membership failed: ${JSON.stringify(res.body)}`);
  return { person, account };
}

/** Open the rulebook's consultation window from an hour ago to tomorrow. */
export async function openConsultation(organiser: ApiClient, slug: string) {
  const res = await organiser.request('PATCH', `/api/rulebooks/${slug}`, {
    opensAt: new Date(Date.now() - 3600_000).toISOString(),
    closesAt: new Date(Date.now() + 86400_000).toISOString(),
  });
  if (res.status !== 200) throw new Error(`window failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A rulebook with an open consultation, its organiser and two members. */
export async function openDebate(server: TestServer, articles = 4) {
  const setup = await organiserWithRulebook(server, articles);
  await openConsultation(setup.organiser, setup.slug);
  const { person: lea } = await personWithRole(server, setup.organiser, setup.slug, 'member', 'Léa');
  const { person: yanis } = await personWithRole(server, setup.organiser, setup.slug, 'member', 'Yanis');
  return { ...setup, lea, yanis };
}
