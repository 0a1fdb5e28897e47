import { asc, eq } from 'drizzle-orm';
import { pendingDraftEdits } from '../db/schema.js';
import { readDraft } from '../../shared/doc/ydoc.js';
import { diffWords, tokenize } from '../../shared/doc/diff.js';
import type { DirectEdit, EditSink } from '../collab/edit-journal.js';
import type { Wording } from '../../shared/validation/amendments.js';
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

/**
 * Record an organiser's direct edit of one article in the audit log (`draft.edited`), with its wording before
 * and after in the payload so the entry's hash covers them, and forget its pending record in the same
 * transaction.
 */
export function recordDirectEdit(ctx: Domain, edit: DirectEdit, recovered = false): void {
  const { before, after } = edit;
  const article = (after ?? before)!;
  const actor = { id: edit.editor.userId, displayName: edit.editor.name, email: '' };
  commit(ctx, edit.rulebookId, actor, (tx, effects) => {
    effects.record('draft.edited', {
      change: !before ? 'inserted' : !after ? 'deleted' : 'edited',
      articleId: article.id,
      number: article.number,
      ...(before && after && before.number !== after.number ? { numberBefore: before.number } : {}),
      before: before?.wording ?? null,
      after: after?.wording ?? null,
      ...countWordChanges(before?.wording ?? null, after?.wording ?? null),
      startedAt: edit.startedAt.toISOString(),
      ...(recovered ? { recovered: true } : {}),
    });
    tx.delete(pendingDraftEdits).where(eq(pendingDraftEdits.id, edit.pendingId)).run();
  });
}

/** The sink a room's edit journal hands its edits to: pending records while they last, audit entries after. */
export function directEditSink(ctx: Domain): EditSink {
  return {
    started: (edit) => {
      ctx.db
        .insert(pendingDraftEdits)
        .values({
          id: edit.pendingId,
          rulebookId: edit.rulebookId,
          userId: edit.editor.userId,
          actorName: edit.editor.name,
          articleId: (edit.before ?? edit.after)!.id,
          articleNumber: edit.before?.number ?? null,
          before: edit.before ? JSON.stringify(edit.before.wording) : null,
          startedAt: edit.startedAt,
        })
        .run();
    },
    settled: (edit) => recordDirectEdit(ctx, edit),
    dropped: (pendingId) => {
      ctx.db.delete(pendingDraftEdits).where(eq(pendingDraftEdits.id, pendingId)).run();
    },
  };
}

/**
 * Record the direct edits a stopped server left pending (at start, before anyone edits): the wording before is
 * the one remembered when each began, the wording after is the article as the stored draft has it now (an
 * inserted article no longer in the draft, or an article back to its wording, leaves no entry).
 */
export function recoverDirectEdits(ctx: Domain): number {
  const pending = ctx.db.select().from(pendingDraftEdits).orderBy(asc(pendingDraftEdits.startedAt)).all();
  for (const row of pending) {
    const draft = ctx.docs.withDoc(row.rulebookId, readDraft);
    const now = draft.articles.find((a) => a.id === row.articleId);
    const before = row.before ? { id: row.articleId, number: row.articleNumber ?? 0, wording: JSON.parse(row.before) as Wording } : null;
    const after = now ? { id: now.id, number: now.number, wording: { title: now.title, text: now.text } } : null;
    const edit = { pendingId: row.id, rulebookId: row.rulebookId, editor: { userId: row.userId, name: row.actorName }, before, after, startedAt: row.startedAt };
    const unchanged = before && after ? before.wording.title === after.wording.title && before.wording.text === after.wording.text : !before && !after;
    if (unchanged) {
      ctx.db.delete(pendingDraftEdits).where(eq(pendingDraftEdits.id, row.id)).run();
    } else {
      recordDirectEdit(ctx, edit, true);
    }
  }
  return pending.length;
}
