import { expect } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { ApiClient, connectProvider, synced, waitFor } from './client.js';
import { typeInArticle } from './draft.js';
import { openConsultation, organiserWithRulebook, personWithRole, PRIZE_RULES } from './fixtures.js';
import type { TestServer } from './server.js';

/** `author` proposes an amendment (with a rationale); its id and number. */
export async function propose(author: ApiClient, slug: string, proposal: Record<string, unknown>): Promise<{ id: string; number: number }> {
  const res = await author.post(`/api/rulebooks/${slug}/amendments`, { rationale: 'Because.', ...proposal });
  expect(res.status).toBe(201);
  return res.body;
}

/** `organiser` accepts an amendment, saying why. */
export async function accept(organiser: ApiClient, id: string, reason: string): Promise<void> {
  expect((await organiser.post(`/api/amendments/${id}/decision`, { decision: 'accept', reason })).status).toBe(200);
}

/** `organiser` types `text` at the start of an article's text over a live connection, kept open (the caller destroys it). */
export async function typeDirectEdit(server: TestServer, organiser: ApiClient, slug: string, articleId: string, text: string): Promise<WebsocketProvider> {
  const provider = connectProvider(server.collabUrl, slug, organiser.cookieHeader());
  await synced(provider);
  typeInArticle(provider.doc, articleId, text);
  return provider;
}

/** Wait until the edit journal has recorded a direct edit of the draft (quick on a server started with a short `editQuietMs`). */
export async function directEditRecorded(server: TestServer, slug: string): Promise<void> {
  const reader = new ApiClient(server.url);
  await waitFor(async () => ((await reader.get(`/api/rulebooks/${slug}/audit?limit=100`)).body.entries as { type: string }[]).some((e) => e.type === 'draft.edited'), 10_000, 'the direct edit entry');
}

/**
 * The history provenance tells apart, up to release 1.0: PRIZE_RULES imported, the organiser typing "Tous " into
 * article 2 (journaled), Léa's amendment to article 3 accepted with a reason. The connection the edit went through
 * stays open for the caller to use and destroy.
 */
export async function importEditAmendRelease(server: TestServer) {
  const { organiser, account, slug, draft } = await organiserWithRulebook(server, 4, PRIZE_RULES);
  await openConsultation(organiser, slug);
  const { person: lea, account: leaAccount } = await personWithRole(server, organiser, slug, 'member', 'Léa');
  const [, eligibility, jury] = draft.articles;
  const provider = await typeDirectEdit(server, organiser, slug, eligibility.id, 'Tous ');
  await directEditRecorded(server, slug);
  const reason = 'Un président tranche.';
  const amendment = await propose(lea, slug, { kind: 'modify', articleId: jury.id, text: 'Le jury compte cinq membres et un président.' });
  await accept(organiser, amendment.id, reason);
  expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).status).toBe(201);
  return { organiser, account, lea, leaAccount, slug, draft, provider, amendment, reason };
}
