import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { memberships, rulebooks, users, type Rulebook } from '../db/schema.js';
import { errors } from '../errors.js';
import { consultationState, organiserCount, requireOrganiser, requireSignedIn, roleOf } from './access.js';
import type { Domain } from './context.js';
import { commit } from './effects.js';
import { initialiseDraft } from './draft.js';
import type { Me, Member, Role, RulebookSummary } from '../../shared/validation/api.js';

export type { Rulebook };

/** Find a rulebook by slug or throw `rulebook_not_found`. */
export function findRulebook({ db }: Domain, slug: string): Rulebook {
  const row = db.select().from(rulebooks).where(eq(rulebooks.slug, slug)).get();
  if (!row) throw errors.rulebookNotFound(slug);
  return row;
}

/** The rulebook with this id (which must exist: it comes from a row that references it). */
export function rulebookById({ db }: Domain, id: string): Rulebook {
  return db.select().from(rulebooks).where(eq(rulebooks.id, id)).get()!;
}

function organiserNames({ db }: Domain, rulebookIds: string[]): Map<string, string[]> {
  const names = new Map<string, string[]>();
  if (rulebookIds.length === 0) return names;
  const rows = db
    .select({ rulebookId: memberships.rulebookId, name: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(inArray(memberships.rulebookId, rulebookIds), eq(memberships.role, 'organiser')))
    .orderBy(asc(memberships.createdAt))
    .all();
  for (const r of rows) names.set(r.rulebookId, [...(names.get(r.rulebookId) ?? []), r.name]);
  return names;
}

/** Present a rulebook for a viewer (who may be signed out). */
export function presentRulebook(ctx: Domain, rulebook: Rulebook, viewer: Me | null): RulebookSummary {
  return summary(ctx, rulebook, roleOf(ctx.db, rulebook.id, viewer?.id), organiserNames(ctx, [rulebook.id]).get(rulebook.id) ?? []);
}

function summary(ctx: Domain, rulebook: Rulebook, role: Role | null, organisers: string[]): RulebookSummary {
  return {
    slug: rulebook.slug,
    title: rulebook.title,
    language: rulebook.language,
    createdAt: rulebook.createdAt.toISOString(),
    role,
    organisers,
    opensAt: rulebook.opensAt?.toISOString() ?? null,
    closesAt: rulebook.closesAt?.toISOString() ?? null,
    consultation: consultationState(rulebook, ctx.clock()),
  };
}

/** Every rulebook, newest first, with the viewer's role on each. */
export function listRulebooks(ctx: Domain, viewer: Me | null): RulebookSummary[] {
  const rows = ctx.db.select().from(rulebooks).orderBy(asc(rulebooks.createdAt)).all().reverse();
  const names = organiserNames(ctx, rows.map((r) => r.id));
  const roles = new Map<string, Role>();
  if (viewer) {
    for (const m of ctx.db.select().from(memberships).where(eq(memberships.userId, viewer.id)).all()) roles.set(m.rulebookId, m.role);
  }
  return rows.map((r) => summary(ctx, r, roles.get(r.id) ?? null, names.get(r.id) ?? []));
}

/** Create a rulebook whose draft holds its title and one empty article; its creator becomes its first organiser. */
export function createRulebook(ctx: Domain, actor: Me | null, input: { slug: string; title: string; language: string }): Rulebook {
  const creator = requireSignedIn(actor);
  const now = ctx.clock();
  const row: Rulebook = { id: randomUUID(), slug: input.slug, title: input.title.trim(), language: input.language, createdBy: creator.id, createdAt: now, opensAt: null, closesAt: null, autoHideAfter: null };
  commit(ctx, row.id, creator, (tx, effects) => {
    if (tx.select({ id: rulebooks.id }).from(rulebooks).where(eq(rulebooks.slug, input.slug)).get()) throw errors.slugTaken(input.slug);
    tx.insert(rulebooks).values(row).run();
    tx.insert(memberships).values({ rulebookId: row.id, userId: creator.id, role: 'organiser', createdAt: now }).run();
    effects.record('rulebook.created', { slug: row.slug, title: row.title, language: row.language });
  });
  initialiseDraft(ctx, row.id, row.title);
  return row;
}

/**
 * Give the person with this email a role on a rulebook, or change the role they have (organisers). Whether an
 * account uses the address is not revealed: an unknown address changes nothing and returns like a known one.
 * (People will be invited and accept instead; until then, anyone enrolled can leave.)
 */
export function setMembership(ctx: Domain, rulebook: Rulebook, actor: Me | null, input: { email: string; role: Role }): void {
  const organiser = requireOrganiser(ctx.db, rulebook, actor);
  const email = input.email.trim().toLowerCase();
  const user = ctx.db.select().from(users).where(eq(users.email, email)).get();
  if (!user) return;
  commit(ctx, rulebook.id, organiser, (tx, effects) => {
    const current = roleOf(tx, rulebook.id, user.id);
    if (current === input.role) return;
    if (current === 'organiser' && organiserCount(tx, rulebook.id) <= 1) throw errors.lastOrganiser();
    tx.insert(memberships)
      .values({ rulebookId: rulebook.id, userId: user.id, role: input.role, createdAt: ctx.clock() })
      .onConflictDoUpdate({ target: [memberships.rulebookId, memberships.userId], set: { role: input.role } })
      .run();
    effects.record('membership.set', { userId: user.id, displayName: user.displayName, role: input.role });
  });
}

/** Leave a rulebook one is a member or organiser of; its last organiser cannot. */
export function leaveRulebook(ctx: Domain, rulebook: Rulebook, actor: Me | null): void {
  const user = requireSignedIn(actor);
  commit(ctx, rulebook.id, user, (tx, effects) => {
    const role = roleOf(tx, rulebook.id, user.id);
    if (!role) throw errors.notMember();
    if (role === 'organiser' && organiserCount(tx, rulebook.id) <= 1) throw errors.lastOrganiser();
    tx.delete(memberships).where(and(eq(memberships.rulebookId, rulebook.id), eq(memberships.userId, user.id))).run();
    effects.record('membership.left', { userId: user.id, displayName: user.displayName, role });
  });
}

/** Everyone with a role on a rulebook (organisers). */
export function listMembers(ctx: Domain, rulebook: Rulebook, viewer: Me | null): Member[] {
  requireOrganiser(ctx.db, rulebook, viewer);
  return ctx.db
    .select({ userId: users.id, displayName: users.displayName, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.rulebookId, rulebook.id))
    .orderBy(asc(memberships.createdAt))
    .all();
}
