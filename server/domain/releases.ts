import { createHash, randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import * as Y from 'yjs';
import { and, asc, desc, eq, gt, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/open.js';
import type { Domain } from './context.js';
import { commit } from './effects.js';
import { amendments, releases, supports, users } from '../db/schema.js';
import { AppError } from '../errors.js';
import { readDraft } from '../../shared/doc/ydoc.js';
import { diffVersions } from '../../shared/doc/version-diff.js';
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

function findRelease(db: Db, rulebook: Rulebook, version: string): ReleaseRow {
  const row = db.select().from(releases).where(and(eq(releases.rulebookId, rulebook.id), eq(releases.version, version))).get();
  if (!row) throw new AppError(404, 'release_not_found', `There is no release ${version} of this rulebook.`);
  return row;
}

function latestRelease(db: Db, rulebookId: string): ReleaseRow | undefined {
  return db.select().from(releases).where(eq(releases.rulebookId, rulebookId)).orderBy(desc(releases.major), desc(releases.minor)).limit(1).get();
}

/** What changed between two versions (a release, or `draft`), article by article. */
export function compareVersions(ctx: Domain, rulebook: Rulebook, from: string, to: string): VersionComparison {
  return { from, to, ...diffVersions(versionView(ctx, rulebook, from), versionView(ctx, rulebook, to)) };
}

/** The JSON view of a version: a release, or `draft` for the live draft. */
export function versionView({ db, docs }: Domain, rulebook: Rulebook, version: string): DraftView {
  if (version === 'draft') return docs.withDoc(rulebook.id, readDraft);
  return JSON.parse(findRelease(db, rulebook, version).content) as DraftView;
}

function buildChangelog(db: Db, rulebookId: string, previous: ReleaseRow | undefined, view: DraftView): Changelog {
  const before: DraftView = previous ? (JSON.parse(previous.content) as DraftView) : { title: '', preamble: '', sections: [], articles: [] };
  const diff = diffVersions(before, view);
  const accepted = db
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
    .orderBy(asc(amendments.number))
    .all();
  const explained = new Set(accepted.map((a) => a.articleId));
  const directEdits = previous
    ? diff.articles
        .filter((a) => a.status !== 'unchanged' && a.status !== 'renumbered' && !explained.has(a.id))
        .map((a) => ({ id: a.id, status: a.status, fromNumber: a.fromNumber, toNumber: a.toNumber, title: a.toTitle ?? a.fromTitle ?? '' }))
    : [];
  return { previousVersion: previous?.version ?? null, amendments: accepted, directEdits, summary: diff.summary };
}

/** Freeze the current draft as an immutable release with a changelog (organisers). Versions only go up. */
export function publishRelease(ctx: Domain, rulebook: Rulebook, actor: Me | null, input: { version: string; notes?: string }): Release {
  const { db, docs } = ctx;
  const user = requireOrganiser(db, rulebook, actor);
  const [major, minor] = input.version.split('.').map(Number) as [number, number];
  if (db.select({ id: releases.id }).from(releases).where(and(eq(releases.rulebookId, rulebook.id), eq(releases.version, input.version))).get()) {
    throw new AppError(409, 'version_exists', `Version ${input.version} has already been released.`);
  }
  const previous = latestRelease(db, rulebook.id);
  if (previous && (major < previous.major || (major === previous.major && minor <= previous.minor))) {
    throw new AppError(409, 'version_not_increasing', `The next version must come after ${previous.version}.`);
  }
  const { view, state } = docs.withDoc(rulebook.id, (ydoc) => ({ view: readDraft(ydoc), state: Y.encodeStateAsUpdate(ydoc) }));
  const { content, sha256 } = hashVersion(view);
  const changelog = buildChangelog(db, rulebook.id, previous, view);
  const id = randomUUID();
  commit(ctx, rulebook.id, user, (tx, effects) => {
    tx.insert(releases)
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
      })
      .run();
    effects.record('release.published', { version: input.version, sha256, articles: view.articles.length });
  });
  return getRelease(ctx, rulebook, input.version);
}

/** Mark a release as the official version of the rules (only one is official at a time). */
export function markOfficial(ctx: Domain, rulebook: Rulebook, actor: Me | null, version: string): Release {
  const user = requireOrganiser(ctx.db, rulebook, actor);
  const row = findRelease(ctx.db, rulebook, version);
  commit(ctx, rulebook.id, user, (tx, effects) => {
    tx.update(releases).set({ officialAt: null }).where(and(eq(releases.rulebookId, rulebook.id), ne(releases.id, row.id))).run();
    tx.update(releases).set({ officialAt: ctx.clock() }).where(eq(releases.id, row.id)).run();
    effects.record('release.official', { version });
  });
  return getRelease(ctx, rulebook, version);
}

function present(db: Db, row: ReleaseRow): ReleaseSummary {
  const publisher = db.select({ displayName: users.displayName }).from(users).where(eq(users.id, row.publishedBy)).get();
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
export function listReleases({ db }: Domain, rulebook: Rulebook): ReleaseSummary[] {
  return db
    .select()
    .from(releases)
    .where(eq(releases.rulebookId, rulebook.id))
    .orderBy(desc(releases.major), desc(releases.minor))
    .all()
    .map((row) => present(db, row));
}

/** The Yjs state a release was cut from: its text with formatting (bold, italic), for the PDF export. */
export function releaseState({ db }: Domain, rulebook: Rulebook, version: string): Uint8Array {
  return findRelease(db, rulebook, version).state;
}

/** One release with its frozen text. */
export function getRelease({ db }: Domain, rulebook: Rulebook, version: string): Release {
  const row = findRelease(db, rulebook, version);
  return { ...present(db, row), draft: JSON.parse(row.content) as DraftView };
}
