import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { memberships, rulebooks, users, type Rulebook } from '../db/schema.js';
import { errors } from '../errors.js';
import { allowedDomainsOf, consultationState, organiserCount, requireOrganiser, requireSignedIn, roleOf } from './access.js';
import type { Domain } from './context.js';
import { commit, type Effects } from './effects.js';
import { first, prepared, type Tx } from '../db/handle.js';
import { normaliseEmail } from './accounts.js';
import { initialiseDraft } from './draft.js';
import type { Me, Member, Participation, Role, RulebookSummary } from '../../shared/validation/api.js';

export type { Rulebook };

/** Find a rulebook by slug or throw `rulebook_not_found`. */
export async function findRulebook({ db }: Domain, slug: string): Promise<Rulebook> {
  const row = first(await rulebookBySlug(db, { slug }));
  if (!row) throw errors.rulebookNotFound(slug);
  return row;
}

/** The rulebook with this id (which must exist: it comes from a row that references it). */
export async function rulebookById({ db }: Domain, id: string): Promise<Rulebook> {
  return first(await rulebookWithId(db, { id }))!;
}

const rulebookBySlug = prepared('rulebook_by_slug', (db) => db.select().from(rulebooks).where(eq(rulebooks.slug, sql.placeholder('slug'))));
const rulebookWithId = prepared('rulebook_by_id', (db) => db.select().from(rulebooks).where(eq(rulebooks.id, sql.placeholder('id'))));
const organisersOf = prepared('organisers_of_rulebook', (db) =>
  db
    .select({ name: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.rulebookId, sql.placeholder('rulebookId')), eq(memberships.role, 'organiser')))
    .orderBy(asc(memberships.createdAt)),
);

async function organiserNames({ db }: Domain, rulebookIds: string[]): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  if (rulebookIds.length === 0) return names;
  const rows = await db
    .select({ rulebookId: memberships.rulebookId, name: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(inArray(memberships.rulebookId, rulebookIds), eq(memberships.role, 'organiser')))
    .orderBy(asc(memberships.createdAt));
  for (const r of rows) names.set(r.rulebookId, [...(names.get(r.rulebookId) ?? []), r.name]);
  return names;
}

/** Present a rulebook for a viewer (who may be signed out). */
export async function presentRulebook(ctx: Domain, rulebook: Rulebook, viewer: Me | null): Promise<RulebookSummary> {
  const organisers = (await organisersOf(ctx.db, { rulebookId: rulebook.id })).map((r) => r.name);
  return summary(ctx, rulebook, await roleOf(ctx.db, rulebook.id, viewer?.id), organisers);
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
    participation: { policy: rulebook.participation, domains: allowedDomainsOf(rulebook), hideSupportsUntilClose: rulebook.hideSupportsUntilClose },
    cosignThreshold: rulebook.cosignThreshold,
  };
}

/** Every rulebook, newest first, with the viewer's role on each. */
export async function listRulebooks(ctx: Domain, viewer: Me | null): Promise<RulebookSummary[]> {
  const rows = (await ctx.db.select().from(rulebooks).orderBy(asc(rulebooks.createdAt))).reverse();
  const names = await organiserNames(ctx, rows.map((r) => r.id));
  const roles = new Map<string, Role>();
  if (viewer) {
    for (const m of (await ctx.db.select().from(memberships).where(eq(memberships.userId, viewer.id)))) roles.set(m.rulebookId, m.role);
  }
  return rows.map((r) => summary(ctx, r, roles.get(r.id) ?? null, names.get(r.id) ?? []));
}

/** Create a rulebook whose draft holds its title and one empty article; its creator becomes its first organiser. */
export async function createRulebook(ctx: Domain, actor: Me | null, input: { slug: string; title: string; language: string }): Promise<Rulebook> {
  const creator = requireSignedIn(actor);
  const now = ctx.clock();
  const row: Rulebook = { id: randomUUID(), slug: input.slug, title: input.title.trim(), language: input.language, createdBy: creator.id, createdAt: now, opensAt: null, closesAt: null, autoHideAfter: null, participation: 'verified', allowedDomains: '[]', cosignThreshold: null, hideSupportsUntilClose: false };
  await commit(ctx, row.id, creator, async (tx, effects) => {
    if (first(await tx.select({ id: rulebooks.id }).from(rulebooks).where(eq(rulebooks.slug, input.slug)))) throw errors.slugTaken(input.slug);
    await tx.insert(rulebooks).values(row);
    await tx.insert(memberships).values({ rulebookId: row.id, userId: creator.id, role: 'organiser', createdAt: now });
    effects.record('rulebook.created', { slug: row.slug, title: row.title, language: row.language });
  });
  await initialiseDraft(ctx, row.id, row.title);
  return row;
}

/**
 * Give `account` a role on a rulebook inside a command's transaction, or change the one they hold (a no-op when
 * they hold it already); throws `last_organiser` rather than leave the rulebook without one.
 */
export async function applyRole(tx: Tx, effects: Effects, rulebookId: string, account: { id: string; displayName: string }, role: Role, now: Date): Promise<void> {
  const current = await roleOf(tx, rulebookId, account.id);
  if (current === role) return;
  if (current === 'organiser' && await organiserCount(tx, rulebookId) <= 1) throw errors.lastOrganiser();
  await tx.insert(memberships)
    .values({ rulebookId, userId: account.id, role, createdAt: now })
    .onConflictDoUpdate({ target: [memberships.rulebookId, memberships.userId], set: { role } });
  effects.record('membership.set', { userId: account.id, displayName: account.displayName, role });
}

/**
 * Give the account using `email` a role on a rulebook at once, without an invitation (organisers; the demo seed
 * enrols its accounts this way, people join through `inviteToRulebook`). An unknown address changes nothing.
 */
export async function setMembership(ctx: Domain, rulebook: Rulebook, actor: Me | null, input: { email: string; role: Role }): Promise<void> {
  const organiser = await requireOrganiser(ctx.db, rulebook, actor);
  const user = first(await ctx.db.select().from(users).where(eq(users.email, normaliseEmail(input.email))));
  if (!user) return;
  await commit(ctx, rulebook.id, organiser, (tx, effects) => applyRole(tx, effects, rulebook.id, user, input.role, ctx.clock()));
}

/**
 * Choose who may comment, propose and support (organisers): the policy and its domains (lower-cased, kept only
 * for the `domains` policy, which needs at least one), and whether supports stay hidden until the close (off when left out).
 */
export async function setParticipation(ctx: Domain, rulebook: Rulebook, actor: Me | null, input: Participation): Promise<Rulebook> {
  const organiser = await requireOrganiser(ctx.db, rulebook, actor);
  const domains = input.policy === 'domains' ? [...new Set(input.domains.map((d) => d.toLowerCase()))].sort() : [];
  if (input.policy === 'domains' && domains.length === 0) throw errors.noAllowedDomain();
  const hideSupportsUntilClose = input.hideSupportsUntilClose ?? false;
  const changes = { participation: input.policy, allowedDomains: JSON.stringify(domains), hideSupportsUntilClose };
  await commit(ctx, rulebook.id, organiser, async (tx, effects) => {
    await tx.update(rulebooks).set(changes).where(eq(rulebooks.id, rulebook.id));
    effects.record('participation.set', { policy: input.policy, domains, hideSupportsUntilClose });
  });
  return { ...rulebook, ...changes };
}

/** Leave a rulebook one is a member or organiser of; its last organiser cannot. */
export async function leaveRulebook(ctx: Domain, rulebook: Rulebook, actor: Me | null): Promise<void> {
  const user = requireSignedIn(actor);
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    const role = await roleOf(tx, rulebook.id, user.id);
    if (!role) throw errors.notMember();
    if (role === 'organiser' && await organiserCount(tx, rulebook.id) <= 1) throw errors.lastOrganiser();
    await tx.delete(memberships).where(and(eq(memberships.rulebookId, rulebook.id), eq(memberships.userId, user.id)));
    effects.record('membership.left', { userId: user.id, displayName: user.displayName, role });
  });
}

/** Everyone with a role on a rulebook (organisers). */
export async function listMembers(ctx: Domain, rulebook: Rulebook, viewer: Me | null): Promise<Member[]> {
  await requireOrganiser(ctx.db, rulebook, viewer);
  return await ctx.db
    .select({ userId: users.id, displayName: users.displayName, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.rulebookId, rulebook.id))
    .orderBy(asc(memberships.createdAt));
}
