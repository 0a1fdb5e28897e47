import { asc, eq } from 'drizzle-orm';
import { pendingDraftEdits } from '../db/schema.js';
import { instanceId, withDeadHolders } from '../db/instance-lock.js';
import { readDraft } from '../../shared/doc/ydoc.js';
import { diffWords, tokenize } from '../../shared/doc/diff.js';
import type { DirectEdit, DraftPart, EditSink, PartState } from '../collab/edit-journal.js';
import type { Wording } from '../../shared/validation/amendments.js';
import type { DraftView } from '../../shared/validation/api.js';
import type { Domain } from './context.js';
import { commit } from './effects.js';

/** Words in a text, a number with its spaces and unit (`1 500 €`) or a date counting as one. */
const words = (text: string) => tokenize(text).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;

/** How many words an edit added and removed, counted over the phrase diff readers see (title and text). */
export function countWordChanges(before: Wording | null, after: Wording | null): { added: number; removed: number } {
  const runs = [...diffWords(before?.title ?? '', after?.title ?? ''), ...diffWords(before?.text ?? '', after?.text ?? '')];
  let added = 0;
  let removed = 0;
  for (const run of runs) {
    if (run.op === 'insert') added += words(run.text);
    if (run.op === 'delete') removed += words(run.text);
  }
  return { added, removed };
}

/** What a `draft.edited` entry says of the part it concerns: an article's id and numbers, or which other part. */
function partPayload(before: PartState | null, after: PartState | null): Record<string, unknown> {
  const state = (after ?? before)!;
  if (state.part === 'article') {
    return {
      articleId: state.id,
      number: state.number,
      ...(before && after && before.number !== after.number ? { numberBefore: before.number } : {}),
      before: before?.wording ?? null,
      after: after?.wording ?? null,
    };
  }
  // The title, the preamble and a section heading are one text each: their wording is that text.
  return { part: state.part, ...(state.part === 'section' ? { sectionId: state.id } : {}), before: before?.wording.text ?? null, after: after?.wording.text ?? null };
}

/**
 * Record an organiser's direct edit of one part of the draft (an article, the title, the preamble, a section
 * heading) in the audit log (`draft.edited`), with its wording before and after in the payload so the entry's
 * hash covers them, and forget its pending record in the same transaction. Exactly once: only the transaction
 * whose delete removes the pending record writes the entry, so of two recorders of one edit (its instance as it
 * goes quiet, another taking over from an instance judged dead) one alone does.
 */
export async function recordDirectEdit(ctx: Domain, edit: DirectEdit, recovered = false): Promise<void> {
  const { before, after } = edit;
  const actor = { id: edit.editor.userId, displayName: edit.editor.name, email: '' };
  await commit(ctx, edit.rulebookId, actor, async (tx, effects) => {
    const removed = await tx.delete(pendingDraftEdits).where(eq(pendingDraftEdits.id, edit.pendingId)).returning({ id: pendingDraftEdits.id });
    if (removed.length === 0) return;
    effects.record('draft.edited', {
      change: !before ? 'inserted' : !after ? 'deleted' : 'edited',
      ...partPayload(before, after),
      ...countWordChanges(before?.wording ?? null, after?.wording ?? null),
      startedAt: edit.startedAt.toISOString(),
      ...(recovered ? { recovered: true } : {}),
    }, { items: edit.items });
  });
}

/** The part `id` names in a draft, as it is there now, or null when the draft no longer has it. */
function partNow(draft: DraftView, part: DraftPart, id: string): PartState | null {
  const text = (value: string): PartState => ({ part, id, number: null, wording: { title: '', text: value } });
  if (part === 'title') return text(draft.title);
  if (part === 'preamble') return draft.preamble ? text(draft.preamble) : null;
  if (part === 'section') {
    const section = draft.sections.find((s) => s.id === id);
    return section ? text(section.title) : null;
  }
  const article = draft.articles.find((a) => a.id === id);
  return article ? { part, id, number: article.number, wording: { title: article.title, text: article.text } } : null;
}

/** Which part a pending record concerns: said by its remembered wording, else found by its id in the draft. */
function pendingPart(draft: DraftView, id: string, remembered: { part?: DraftPart } | null): DraftPart {
  if (remembered?.part) return remembered.part;
  if (id === 'title' || id === 'preamble') return id;
  return draft.sections.some((s) => s.id === id) ? 'section' : 'article';
}

/** Forget a pending edit that leaves no entry. */
const forgetPendingEdit = (ctx: Domain, pendingId: string) => ctx.db.transaction(async (tx) => void (await tx.delete(pendingDraftEdits).where(eq(pendingDraftEdits.id, pendingId))));

/** The sink a room's edit journal hands its edits to: pending records while they last, audit entries after. */
export function directEditSink(ctx: Domain): EditSink {
  return {
    started: (edit) =>
      ctx.db.transaction(async (tx) => {
        await tx
        .insert(pendingDraftEdits)
        .values({
          id: edit.pendingId,
          rulebookId: edit.rulebookId,
          userId: edit.editor.userId,
          actorName: edit.editor.name,
          articleId: (edit.before ?? edit.after)!.id,
          articleNumber: edit.before?.number ?? null,
          // A part other than an article is named in its remembered wording, so that its deletion is recovered as such.
          before: edit.before ? JSON.stringify(edit.before.part === 'article' ? edit.before.wording : { ...edit.before.wording, part: edit.before.part }) : null,
          startedAt: edit.startedAt,
          holder: instanceId(ctx.db),
        });
      }),
    settled: (edit) => recordDirectEdit(ctx, edit),
    dropped: (pendingId) => forgetPendingEdit(ctx, pendingId),
  };
}

/**
 * Record the direct edits that stopped or dead instances left pending (at start, and periodically on a shared
 * PostgreSQL server), and say how many: those of a live instance, this one included, are left to it (its journal
 * records them once quiet; server/db/instance-lock.ts tells the living from the dead). The wording before is the one
 * remembered when each began, the wording after is the part as the stored draft has it now (an inserted part no
 * longer in the draft, or a part back to its wording, leaves no entry).
 */
export async function recoverDirectEdits(ctx: Domain): Promise<number> {
  const pending = await ctx.db.select().from(pendingDraftEdits).orderBy(asc(pendingDraftEdits.startedAt));
  if (pending.length === 0) return 0;
  return withDeadHolders(ctx.db, pending.map((row) => row.holder), async (dead) => {
    const left = pending.filter((row) => dead.includes(row.holder));
    for (const row of left) await recoverDirectEdit(ctx, row);
    return left.length;
  });
}

/** Record one pending direct edit its instance left, from the stored draft. */
async function recoverDirectEdit(ctx: Domain, row: typeof pendingDraftEdits.$inferSelect): Promise<void> {
  const draft = await ctx.docs.view(row.rulebookId, readDraft);
  const remembered = row.before ? (JSON.parse(row.before) as Wording & { part?: DraftPart }) : null;
  const part = pendingPart(draft, row.articleId, remembered);
  const before = remembered ? { part, id: row.articleId, number: row.articleNumber, wording: { title: remembered.title, text: remembered.text } } : null;
  const after = partNow(draft, part, row.articleId);
  const edit = { pendingId: row.id, rulebookId: row.rulebookId, editor: { userId: row.userId, name: row.actorName }, before, after, startedAt: row.startedAt };
  const unchanged = before && after ? before.wording.title === after.wording.title && before.wording.text === after.wording.text : !before && !after;
  if (unchanged) await forgetPendingEdit(ctx, row.id);
  else await recordDirectEdit(ctx, edit, true);
}
