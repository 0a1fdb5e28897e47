import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/open.js';
import { memberships, rulebooks, users, type Rulebook } from '../db/schema.js';
import { errors } from '../errors.js';
import { recordAudit } from './audit.js';
import { consultationState, organiserCount, requireOrganiser, requireSignedIn, roleOf } from './access.js';
import type { Me, Member, Role, RulebookSummary } from '../../shared/validation/api.js';

export type { Rulebook };

/** Find a rulebook by slug or throw `rulebook_not_found`. */
export function findRulebook(db: Db, slug: string): Rulebook {
  const row = db.select().from(rulebooks).where(eq(rulebooks.slug, slug)).get();
  if (!row) throw errors.rulebookNotFound(slug);
  return row;
}

function organiserNames(db: Db, rulebookIds: string[]): Map<string, string[]> {
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
export function presentRulebook(db: Db, rulebook: Rulebook, viewer: Me | null): RulebookSummary {
  return summary(rulebook, roleOf(db, rulebook.id, viewer?.id), organiserNames(db, [rulebook.id]).get(rulebook.id) ?? []);
}

function summary(rulebook: Rulebook, role: Role | null, organisers: string[]): RulebookSummary {
  return {
    slug: rulebook.slug,
    title: rulebook.title,
    language: rulebook.language,
    createdAt: rulebook.createdAt.toISOString(),
    role,
    organisers,
    opensAt: rulebook.opensAt?.toISOString() ?? null,
    closesAt: rulebook.closesAt?.toISOString() ?? null,
    consultation: consultationState(rulebook),
  };
}

/** Every rulebook, newest first, with the viewer's role on each. */
export function listRulebooks(db: Db, viewer: Me | null): RulebookSummary[] {
  const rows = db.select().from(rulebooks).orderBy(asc(rulebooks.createdAt)).all().reverse();
  const names = organiserNames(db, rows.map((r) => r.id));
  const roles = new Map<string, Role>();
  if (viewer) {
    for (const m of db.select().from(memberships).where(eq(memberships.userId, viewer.id)).all()) roles.set(m.rulebookId, m.role);
  }
  return rows.map((r) => summary(r, roles.get(r.id) ?? null, names.get(r.id) ?? []));
}

/** Create a rulebook; its creator becomes its first organiser. */
export function insertRulebook(db: Db, actor: Me | null, input: { slug: string; title: string; language: string }): Rulebook {
  const creator = requireSignedIn(actor);
  const now = new Date();
  const row: Rulebook = { id: randomUUID(), slug: input.slug, title: input.title.trim(), language: input.language, createdBy: creator.id, createdAt: now, opensAt: null, closesAt: null };
  db.transaction((tx) => {
    if (tx.select({ id: rulebooks.id }).from(rulebooks).where(eq(rulebooks.slug, input.slug)).get()) throw errors.slugTaken(input.slug);
    tx.insert(rulebooks).values(row).run();
    tx.insert(memberships).values({ rulebookId: row.id, userId: creator.id, role: 'organiser', createdAt: now }).run();
  });
  return row;
}

/** Rename a rulebook (its list title follows the draft's title on import). */
export function renameRulebook(db: Db, rulebook: Rulebook, title: string): void {
  db.update(rulebooks).set({ title }).where(eq(rulebooks.id, rulebook.id)).run();
}

/** Give a person (by email) a role on a rulebook, or change the role they have (organisers). */
export function setMembership(db: Db, rulebook: Rulebook, actor: Me | null, input: { email: string; role: Role }): Member {
  requireOrganiser(db, rulebook, actor);
  const email = input.email.trim().toLowerCase();
  const user = db.select().from(users).where(eq(users.email, email)).get();
  if (!user) throw errors.userNotFound(email);
  db.transaction((tx) => {
    const current = roleOf(tx, rulebook.id, user.id);
    if (current === 'organiser' && input.role !== 'organiser' && organiserCount(tx, rulebook.id) <= 1) throw errors.lastOrganiser();
    tx.insert(memberships)
      .values({ rulebookId: rulebook.id, userId: user.id, role: input.role, createdAt: new Date() })
      .onConflictDoUpdate({ target: [memberships.rulebookId, memberships.userId], set: { role: input.role } })
      .run();
    recordAudit(tx, rulebook.id, actor, 'membership.set', { userId: user.id, displayName: user.displayName, role: input.role });
  });
  return { userId: user.id, displayName: user.displayName, email: user.email, role: input.role };
}

/** Everyone with a role on a rulebook (organisers). */
export function listMembers(db: Db, rulebook: Rulebook, viewer: Me | null): Member[] {
  requireOrganiser(db, rulebook, viewer);
  return db
    .select({ userId: users.id, displayName: users.displayName, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.rulebookId, rulebook.id))
    .orderBy(asc(memberships.createdAt))
    .all();
}
