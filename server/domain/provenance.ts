import * as Y from 'yjs';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { amendments, auditEvents, releases, supports, users } from '../db/schema.js';
import { AppError } from '../errors.js';
import { Memo } from '../export/memo.js';
import type { CarriedRange, ItemRange } from '../collab/item-ranges.js';
import type { Me } from '../../shared/validation/api.js';
import type { ArticleProvenance, Origin, Provenance } from '../../shared/validation/provenance.js';
import { seesSupports } from './access.js';
import type { Domain } from './context.js';
import type { Rulebook } from './rulebooks.js';
import { articleItems, attributeTexts, ItemAttribution, type ArticleItems } from './provenance-items.js';

/** Audit entries whose change of the draft text is attributed to them. */
const SOURCE_TYPES = ['draft.imported', 'amendment.accepted', 'draft.edited'];

/** A release's articles and state vector, read once from its immutable Yjs state. */
interface ReleaseItems {
  articles: ArticleItems[];
  vector: Map<number, number>;
}

const releaseMemo = new Memo<ReleaseItems>(64);

/** Each release of a rulebook, oldest first, with its items (the states of those not read yet are fetched). */
async function releaseItems({ db }: Domain, rulebookId: string): Promise<(ReleaseItems & { version: string })[]> {
  const rows = await db.select({ id: releases.id, version: releases.version }).from(releases).where(eq(releases.rulebookId, rulebookId)).orderBy(asc(releases.major), asc(releases.minor));
  const unread = rows.filter((row) => !releaseMemo.peek(row.id)).map((row) => row.id);
  const states = new Map(unread.length ? (await db.select({ id: releases.id, state: releases.state }).from(releases).where(inArray(releases.id, unread))).map((r) => [r.id, r.state]) : []);
  const out: (ReleaseItems & { version: string })[] = [];
  for (const row of rows) {
    let items = releaseMemo.peek(row.id);
    if (!items) {
      // Fetched above, unless the memo let it go meanwhile.
      const state = states.get(row.id) ?? (await db.select({ state: releases.state }).from(releases).where(eq(releases.id, row.id)))[0]!.state;
      items = releaseMemo.get(row.id, () => readRelease(state));
    }
    out.push({ version: row.version, ...items });
  }
  return out;
}

/** A release's articles and state vector, from its Yjs state. */
function readRelease(state: Uint8Array): ReleaseItems {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return { articles: articleItems(doc), vector: Y.decodeStateVector(Y.encodeStateVector(doc)) };
  } finally {
    doc.destroy();
  }
}

/** One candidate origin: a recorded change (with its items), or what stands for items no change covers. */
interface Source {
  origin: Origin;
  items: (ItemRange | CarriedRange)[];
  amendmentId?: string;
}

/** The recorded changes of a rulebook's draft, oldest first, and whether every change since its start was recorded. */
async function recordedSources({ db }: Domain, rulebookId: string): Promise<{ sources: Source[]; complete: boolean }> {
  const rows = await db
    .select({ type: auditEvents.type, actorName: auditEvents.actorName, payload: auditEvents.payload, createdAt: auditEvents.createdAt, insertedItems: auditEvents.insertedItems })
    .from(auditEvents)
    .where(and(eq(auditEvents.rulebookId, rulebookId), inArray(auditEvents.type, SOURCE_TYPES)))
    .orderBy(asc(auditEvents.number));
  const sources: Source[] = [];
  let complete = true;
  for (const row of rows) {
    const payload = JSON.parse(row.payload) as { amendmentId?: string; recovered?: boolean };
    if (row.insertedItems === null) {
      // A direct edit recovered after its server stopped never knew its items: it says nothing of the rest.
      if (!payload.recovered) complete = false;
      continue;
    }
    const items = JSON.parse(row.insertedItems) as (ItemRange | CarriedRange)[];
    const at = row.createdAt.toISOString();
    const editor = { displayName: row.actorName ?? '' };
    // The organiser who accepted an amendment is its entry's actor, kept as `editor` until the amendment is described.
    if (row.type === 'amendment.accepted') sources.push({ origin: { kind: 'amendment', editor, at }, items, amendmentId: payload.amendmentId });
    else sources.push({ origin: { kind: row.type === 'draft.imported' ? 'import' : 'direct_edit', editor, at }, items });
  }
  return { sources, complete };
}

/** Fill in the accepted amendments' details: number, author, supports (when this reader may see them), decision. */
async function describeAmendments(ctx: Domain, rulebook: Rulebook, viewer: Me | null, sources: Source[]): Promise<void> {
  const ids = [...new Set(sources.flatMap((s) => (s.amendmentId ? [s.amendmentId] : [])))];
  if (ids.length === 0) return;
  const rows = await ctx.db
    .select({ id: amendments.id, number: amendments.number, author: users.displayName, decidedAt: amendments.decidedAt, reason: amendments.decisionReason })
    .from(amendments)
    .innerJoin(users, eq(users.id, amendments.authorId))
    .where(inArray(amendments.id, ids));
  const shown = await seesSupports(ctx.db, rulebook, viewer, ctx.clock());
  const counts = shown
    ? new Map((await ctx.db.select({ id: supports.amendmentId, n: count() }).from(supports).where(inArray(supports.amendmentId, ids)).groupBy(supports.amendmentId)).map((r) => [r.id, Number(r.n)]))
    : null;
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const source of sources) {
    const row = source.amendmentId ? byId.get(source.amendmentId) : undefined;
    if (!row) continue;
    source.origin.amendment = {
      id: row.id,
      number: row.number,
      author: row.author,
      supportCount: counts ? (counts.get(row.id) ?? 0) : null,
      decidedBy: source.origin.editor?.displayName ?? null,
      decidedAt: row.decidedAt?.toISOString() ?? null,
      reason: row.reason,
    };
    delete source.origin.editor;
  }
}

/** Whether a release's state vector holds every item of a change. */
const carries = (vector: Map<number, number>, items: (ItemRange | CarriedRange)[]) => items.every(([client, , to]) => (vector.get(client) ?? 0) >= to);

/**
 * Every article of a version (a release, or `draft`) with each run of its title and text attributed to its origin:
 * the import, an organiser's direct edit, an accepted amendment, or `unknown`. Attribution follows Yjs items: each
 * recorded change lists the items it inserted, so text keeps its origin whatever its article's number or place
 * later. Items no change lists are an organiser's typing not yet journaled (named when their connection's earlier
 * edits were), or, on a rulebook whose first changes predate these records, `unknown`.
 */
export async function rulebookProvenance(ctx: Domain, rulebook: Rulebook, version: string, viewer: Me | null): Promise<Provenance> {
  const cut = await releaseItems(ctx, rulebook.id);
  let articles: ArticleItems[];
  if (version === 'draft') articles = await ctx.docs.view(rulebook.id, articleItems);
  else {
    const release = cut.find((r) => r.version === version);
    if (!release) throw new AppError(404, 'release_not_found', `There is no release ${version} of this rulebook.`);
    articles = release.articles;
  }

  const { sources, complete } = await recordedSources(ctx, rulebook.id);
  await describeAmendments(ctx, rulebook, viewer, sources);
  for (const source of sources) {
    const first = cut.find((r) => carries(r.vector, source.items));
    if (first) source.origin.firstRelease = first.version;
  }
  const recorded = sources.length;
  const editors = new Map<number, string>();
  for (const source of sources) if (source.origin.kind === 'direct_edit') for (const [client] of source.items) editors.set(client, source.origin.editor!.displayName);
  const fallbacks = new Map<string, number>();
  const fallback = (client: number): number => {
    const name = editors.get(client);
    const key = name !== undefined ? `editor:${name}` : complete ? 'editor' : 'unknown';
    let index = fallbacks.get(key);
    if (index === undefined) {
      const origin: Origin = name !== undefined ? { kind: 'direct_edit', editor: { displayName: name }, at: null } : { kind: complete ? 'direct_edit' : 'unknown', at: null };
      fallbacks.set(key, (index = sources.push({ origin, items: [] }) - 1));
    }
    return index;
  };
  const attribution = new ItemAttribution(sources.map((s) => s.items), fallback);

  const attributed = articles.map((article) => {
    const runs = attributeTexts(article.texts, attribution);
    const element = article.element ? attribution.sourceAt(article.element.client, article.element.clock, article.element.clock + 1).source : null;
    const oldestRun = runs.length ? Math.min(...runs.map((r) => r.source)) : null;
    // An article element no record covers (made when the rulebook was created) is told by its oldest text.
    const created = element !== null && element < recorded ? element : (oldestRun ?? element);
    return { article, runs, created };
  });

  // The origins table holds the sources used, oldest first (what predates the records before all).
  const used = new Set<number>();
  for (const { runs, created } of attributed) {
    if (created !== null) used.add(created);
    for (const run of runs) used.add(run.source);
  }
  const rank = (source: number) => (sources[source]!.origin.kind === 'unknown' ? -1 : source);
  const order = [...used].sort((a, b) => rank(a) - rank(b));
  const indexOf = new Map(order.map((source, index) => [source, index]));
  return {
    version,
    origins: order.map((source) => sources[source]!.origin),
    articles: attributed.map(({ article, runs, created }): ArticleProvenance => ({
      id: article.id,
      number: article.number,
      created: created === null ? null : indexOf.get(created)!,
      changedBy: [...new Set(runs.map((r) => r.source))].filter((s) => s !== created).map((s) => indexOf.get(s)!).sort((a, b) => a - b),
      runs: runs.map((r) => ({ text: r.text, origin: indexOf.get(r.source)!, block: r.block })),
    })),
  };
}
