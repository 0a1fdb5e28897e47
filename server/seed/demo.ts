import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { count } from 'drizzle-orm';
import { users } from '../db/schema.js';
import { registerUser } from '../domain/accounts.js';
import { insertRulebook, setMembership } from '../domain/rulebooks.js';
import { importDraft, initialiseDraft } from '../domain/draft.js';

/** Demo accounts seeded into an empty database (the README lists them). */
export const DEMO_ACCOUNTS = [
  { email: 'camille@demo.amendo', displayName: 'Camille Dubois', role: 'organiser' },
  { email: 'lea@demo.amendo', displayName: 'Léa Martin', role: 'member' },
  { email: 'yanis@demo.amendo', displayName: 'Yanis Lambert', role: 'member' },
] as const;

/** The password of every demo account. */
export const DEMO_PASSWORD = 'amendo-demo';

/** Slug of the seeded demo rulebook. */
export const DEMO_SLUG = 'cm-annee-2027';

/** On an empty database, create the demo accounts and the demo rulebook with its draft. */
export async function seedDemo(app: FastifyInstance): Promise<void> {
  if ((app.db.select({ n: count() }).from(users).get()?.n ?? 0) > 0) return;
  const people = [];
  for (const account of DEMO_ACCOUNTS) {
    people.push(await registerUser(app.db, { email: account.email, displayName: account.displayName, password: DEMO_PASSWORD }));
  }
  const rulebook = insertRulebook(app.db, people[0]!, {
    slug: DEMO_SLUG,
    title: "Règlement du prix « Community Manager de l'Année » 2027",
    language: 'fr',
  });
  for (const account of DEMO_ACCOUNTS.slice(1)) setMembership(app.db, rulebook, people[0]!, { email: account.email, role: account.role });
  initialiseDraft(app.docs, rulebook.id, rulebook.title);
  importDraft(app.docs, rulebook.id, readFileSync(new URL('./demo-rulebook.md', import.meta.url), 'utf8'));
  app.log.info({ slug: DEMO_SLUG }, 'seeded the demo rulebook and accounts');
}
