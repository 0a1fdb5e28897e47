import { createHash, randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import * as Y from 'yjs';
import { and, asc, desc, eq, gt, isNotNull, ne, sql } from 'drizzle-orm';
import { first, type Db } from '../db/handle.js';
import type { Domain } from './context.js';
import { commit } from './effects.js';
import { amendments, releases, supports, users } from '../db/schema.js';
import { AppError } from '../errors.js';
import { readDraft } from '../../shared/doc/ydoc.js';
import { diffVersions } from '../../shared/doc/version-diff.js';
import { releaseBodiesFrom, versionBodies } from './version-bodies.js';
import { blocksToContent, type ArticleContent } from '../../shared/doc/content.js';
import { richBlocks } from '../../shared/doc/view.js';
import type { Changelog, Release, ReleaseSummary, VersionComparison } from '../../shared/validation/releases.js';
import type { DraftView, Me } from '../../shared/validation/api.js';
import { requireOrganiser } from './access.js';
import type { Rulebook } from './rulebooks.js';

type ReleaseRow = typeof releases.$inferSelect;

/** The SHA-256 of a version's canonical serialisation (RFC 8785 JSON of its JSON view). */
export function hashVersion(view: DraftView): { content: string; sha256: string } {
  const content = canonicalize(view)!;
  return { content, sha256: createHash('sha256').update(content).digest('hex') };
}

async function findRelease(db: Db, rulebook: Rulebook, version: string): Promise<ReleaseRow> {
  const row = first(await db.select().from(releases).where(and(eq(releases.rulebookId, rulebook.id), eq(releases.version, version))));
  if (!row) throw new AppError(404, 'release_not_found', `There is no release ${version} of this rulebook.`);
  return row;
}

async function latestRelease(db: Db, rulebookId: string): Promise<ReleaseRow|undefined> {
  return first(await db.select().from(releases).where(eq(releases.rulebookId, rulebookId)).orderBy(desc(releases.major), desc(releases.minor)).limit(1));
}

/** What changed between two versions (a release, or `draft`), article by article. */
export async function compareVersions(ctx: Domain, rulebook: Rulebook, from: string, to: string): Promise<VersionComparison> {
  const bodies = { from: await versionBodies(ctx, rulebook, from), to: await versionBodies(ctx, rulebook, to) };
  return { from, to, ...diffVersions(await versionView(ctx, rulebook, from), await versionView(ctx, rulebook, to), bodies) };
}

/** The JSON view of a version: a release, or `draft` for the live draft. */
export async function versionView({ db, docs }: Domain, rulebook: Rulebook, version: string): Promise<DraftView> {
  if (version === 'draft') return docs.view(rulebook.id, readDraft);
  return JSON.parse((await findRelease(db, rulebook, version)).content) as DraftView;
}

async function buildChangelog(db: Db, rulebookId: string, previous: ReleaseRow | undefined, view: DraftView): Promise<Changelog> {
  const before: DraftView = previous ? (JSON.parse(previous.content) as DraftView) : { title: '', preamble: '', sections: [], articles: [] };
  const diff = diffVersions(before, view);
  const accepted = await db
    .select({
      id: amendments.id,
      number: amendments.number,
      kind: amendments.kind,
      title: sql<string | null>`coalesce(${amendments.appliedTitle}, ${amendments.baseTitle})`,
      articleId: amendments.articleId,
      author: users.displayName,
      reason: amendments.decisionReason,
      supportCount: sql<number>`(select count(*) from ${supports} where ${supports.amendmentId} = ${amendments.id})`.mapWith(Number),
    })
    .from(amendments)
    .innerJoin(users, eq(users.id, amendments.authorId))
    .where(
      and(
        eq(amendments.rulebookId, rulebookId),
        eq(amendments.status, 'accepted'),
        previous ? gt(amendments.decidedAt, previous.publishedAt) : isNotNull(amendments.decidedAt),
      ),
    )
    .orderBy(asc(amendments.number));
  const explained = new Set(accepted.map((a) => a.articleId));
  const directEdits = previous
    ? diff.articles
        .filter((a) => a.status !== 'unchanged' && a.status !== 'renumbered' && !explained.has(a.id))
        .map((a) => ({ id: a.id, status: a.status, fromNumber: a.fromNumber, toNumber: a.toNumber, title: a.toTitle ?? a.fromTitle ?? '' }))
    : [];
  return { previousVersion: previous?.version ?? null, amendments: accepted, directEdits, summary: diff.summary };
}

/** Freeze the current draft as an immutable release with a changelog (organisers). Versions only go up. */
export async function publishRelease(ctx: Domain, rulebook: Rulebook, actor: Me | null, input: { version: string; notes?: string }): Promise<Release> {
  const { db, docs } = ctx;
  const user = await requireOrganiser(db, rulebook, actor);
  const [major, minor] = input.version.split('.').map(Number) as [number, number];
  const id = randomUUID();
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    // Checked inside the transaction, under the rulebook's lock: another publication may have landed meanwhile.
    if (first(await tx.select({ id: releases.id }).from(releases).where(and(eq(releases.rulebookId, rulebook.id), eq(releases.version, input.version))))) {
      throw new AppError(409, 'version_exists', `Version ${input.version} has already been released.`);
    }
    const previous = await latestRelease(tx, rulebook.id);
    if (previous && (major < previous.major || (major === previous.major && minor <= previous.minor))) {
      throw new AppError(409, 'version_not_increasing', `The next version must come after ${previous.version}.`);
    }
    const { view, state } = await docs.withDoc(rulebook.id, (ydoc) => ({ view: readDraft(ydoc), state: Y.encodeStateAsUpdate(ydoc) }));
    const { content, sha256 } = hashVersion(view);
    const changelog = await buildChangelog(tx, rulebook.id, previous, view);
    await tx.insert(releases)
      .values({
        id,
        rulebookId: rulebook.id,
        version: input.version,
        major,
        minor,
        notes: input.notes?.trim() || null,
        content,
        sha256,
        state: Buffer.from(state),
        changelog: JSON.stringify(changelog),
        publishedBy: user.id,
        publishedAt: ctx.clock(),
        officialAt: null,
      });
    effects.record('release.published', { version: input.version, sha256, articles: view.articles.length });
  });
  return getRelease(ctx, rulebook, input.version);
}

/** Mark a release as the official version of the rules (only one is official at a time). */
export async function markOfficial(ctx: Domain, rulebook: Rulebook, actor: Me | null, version: string): Promise<Release> {
  const user = await requireOrganiser(ctx.db, rulebook, actor);
  const row = await findRelease(ctx.db, rulebook, version);
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    await tx.update(releases).set({ officialAt: null }).where(and(eq(releases.rulebookId, rulebook.id), ne(releases.id, row.id)));
    await tx.update(releases).set({ officialAt: ctx.clock() }).where(eq(releases.id, row.id));
    effects.record('release.official', { version });
  });
  return getRelease(ctx, rulebook, version);
}

async function present(db: Db, row: ReleaseRow): Promise<ReleaseSummary> {
  const publisher = first(await db.select({ displayName: users.displayName }).from(users).where(eq(users.id, row.publishedBy)));
  return {
    version: row.version,
    notes: row.notes,
    sha256: row.sha256,
    publishedAt: row.publishedAt.toISOString(),
    publishedBy: publisher?.displayName ?? '',
    official: row.officialAt !== null,
    officialAt: row.officialAt?.toISOString() ?? null,
    changelog: JSON.parse(row.changelog) as Changelog,
  };
}

/** A rulebook's releases, newest first, without their text. */
export async function listReleases({ db }: Domain, rulebook: Rulebook): Promise<ReleaseSummary[]> {
  const rows = await db.select().from(releases).where(eq(releases.rulebookId, rulebook.id)).orderBy(desc(releases.major), desc(releases.minor));
  return Promise.all(rows.map((row) => present(db, row)));
}

/** The Yjs state a release was cut from: its text with formatting (bold, italic), for the PDF export. */
export async function releaseState({ db }: Domain, rulebook: Rulebook, version: string): Promise<Uint8Array> {
  return (await findRelease(db, rulebook, version)).state;
}

/** One release with its frozen text, and each article's body with its formatting (read from its Yjs state). */
export async function getRelease({ db }: Domain, rulebook: Rulebook, version: string): Promise<Release> {
  const row = await findRelease(db, rulebook, version);
  const draft = JSON.parse(row.content) as DraftView;
  const held = releaseBodiesFrom(rulebook.id, version, row.state);
  const bodies: Record<string, ArticleContent> = {};
  for (const article of draft.articles) {
    // Only where the formatted body reads as the frozen text (they are cut from the same state).
    const blocks = richBlocks(held.get(article.id), article.text);
    if (blocks) bodies[article.id] = blocksToContent(blocks);
  }
  return { ...(await present(db, row)), draft, bodies };
}
