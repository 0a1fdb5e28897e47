import { ApiClient } from './client.js';
import { tokenOf } from './mail.js';
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

/** Have `organiser` invite `person`'s address with `role`, and `person` accept through the mailed link. */
export async function inviteAndAccept(organiser: ApiClient, person: ApiClient, email: string, slug: string, role: 'organiser' | 'member') {
  const res = await organiser.post(`/api/rulebooks/${slug}/members`, { email, role });
  if (res.status !== 202) throw new Error(`invitation failed: ${JSON.stringify(res.body)}`);
  // Mail goes to the address as stored, lower-cased.
  const accepted = await person.post('/api/invitations/accept', { token: tokenOf(await person.inbox.linkTo(email.toLowerCase(), '/invitations')) });
  if (accepted.status !== 200) throw new Error(`acceptance failed: ${JSON.stringify(accepted.body)}`);
}

/** A second person with the given role on the rulebook (invited, and accepting). */
export async function personWithRole(server: TestServer, organiser: ApiClient, slug: string, role: 'organiser' | 'member', name: string = role) {
  const person = new ApiClient(server.url);
  const account = await person.signUp(name);
  await inviteAndAccept(organiser, person, account.email, slug, role);
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

/** A prize regulation of four articles (object, eligibility, jury, prize), in French. */
export const PRIZE_RULES = [
  '# Prix 2027',
  '',
  '## Article 1 – Objet',
  '',
  'Le prix récompense un community manager.',
  '',
  '## Article 2 – Éligibilité',
  '',
  'Les candidats doivent résider en Belgique.',
  '',
  '## Article 3 – Jury',
  '',
  'Le jury compte cinq membres.',
  '',
  '## Article 4 – Dotation',
  '',
  'Le lauréat reçoit 1 500 € et un trophée.',
  '',
].join('\n');
