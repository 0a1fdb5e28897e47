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
  if (res.status !== 200) throw new Error(`membership failed: ${JSON.stringify(res.body)}`);
  return { person, account };
}
