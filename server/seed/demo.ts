import { first } from '../db/handle.js';
import { readFileSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import { count } from 'drizzle-orm';
import { users } from '../db/schema.js';
import { insertAccount, present } from '../domain/accounts.js';
import { hashPassword } from '../domain/passwords.js';
import { createRulebook, setMembership, type Rulebook } from '../domain/rulebooks.js';
import { setConsultationWindow } from '../domain/consultation.js';
import { createComment } from '../domain/comments.js';
import { proposeAmendment } from '../domain/amendments.js';
import { setSupport } from '../domain/supports.js';
import type { Domain } from '../domain/context.js';
import type { DraftArticle, Me } from '../../shared/validation/api.js';
import { importDraft } from '../domain/draft.js';

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

/** Open a month-long consultation and start the debate on the eligibility article, so the demo has life in it. */
async function seedDebate(ctx: Domain, created: Rulebook, [camille, lea, yanis]: Me[], eligibility: DraftArticle): Promise<void> {
  const day = 24 * 3600 * 1000;
  const now = ctx.clock().getTime();
  const rulebook = await setConsultationWindow(ctx, created, camille!, { opensAt: new Date(now - day), closesAt: new Date(now + 30 * day) });
  const question = await createComment(ctx, rulebook, lea!, eligibility.id, {
body: 'Pourquoi exclure du prix principal les candidats des autres pays francophones ? Beaucoup travaillent pour des marques belges depuis Lille ou Luxembourg.',
quote: 'résider en Belgique',
});
  await createComment(ctx, rulebook, yanis!, eligibility.id, {
    body: "D'accord : le critère devrait être le public visé, pas l'adresse du candidat.",
    parentId: question.id,
  });
  const text = eligibility.text.replace(
    'Le candidat doit résider en Belgique ou exercer son activité principalement pour une organisation établie en Belgique.',
    'Le candidat doit résider en Belgique ou animer une communauté dont le public est principalement établi en Belgique, quel que soit son lieu de résidence.',
  );
  const amendment = await proposeAmendment(ctx, rulebook, lea!, {
kind: 'modify',
articleId: eligibility.id,
text,
rationale: "Le métier se pratique à distance : c'est le public de la communauté qui compte, pas l'adresse de la personne qui l'anime.",
});
  await setSupport(ctx, amendment.id, yanis!, true);
}

/** On an empty database, create the demo accounts and the demo rulebook with its draft. */
export async function seedDemo(ctx: Domain, log: FastifyBaseLogger): Promise<void> {
  if ((first(await ctx.db.select({ n: count() }).from(users))?.n ?? 0) > 0) return;
  const people = [];
  for (const account of DEMO_ACCOUNTS) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    people.push(present(await insertAccount(ctx.db, { ...account, passwordHash, verifiedAt: ctx.clock() }, ctx.clock())));
  }
  const rulebook = await createRulebook(ctx, people[0]!, {
slug: DEMO_SLUG,
title: "Règlement du prix « Community Manager de l'Année » 2027",
language: 'fr',
});
  for (const account of DEMO_ACCOUNTS.slice(1)) await setMembership(ctx, rulebook, people[0]!, { email: account.email, role: account.role });
  const draft = await importDraft(ctx, rulebook, people[0]!, readFileSync(new URL('./demo-rulebook.md', import.meta.url), 'utf8'));
  await seedDebate(ctx, rulebook, people, draft.articles[2]!);
  log.info({ slug: DEMO_SLUG }, 'seeded the demo rulebook and accounts');
}
