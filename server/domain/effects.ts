import type * as Y from 'yjs';
import { lockFor, type Tx } from '../db/handle.js';
import { insertedBetween, stateVector, type CarriedRange, type ItemRange } from '../collab/item-ranges.js';
import type { Me } from '../../shared/validation/api.js';
import { recordAudit } from './audit.js';
import type { AuditType, Domain, Happening } from './context.js';

/** Records what a command does to one rulebook while its transaction runs. */
export interface Effects {
  /**
   * Record that something happened: its audit entry is appended inside the transaction (unless `audit` is false),
   * and it is announced once the transaction commits (unless `announce` is false). `actor` defaults to the
   * command's actor. `items`: the Yjs items of the draft the change inserted, for provenance.
   */
  record(type: AuditType, payload: Record<string, unknown>, options?: { actor?: Me | null; audit?: boolean; announce?: boolean; items?: (ItemRange | CarriedRange)[] }): void;
}

/** Entries whose change of the draft provenance attributes text to, given the items `commitDraftEdit` saw inserted. */
const DRAFT_SOURCES: ReadonlySet<AuditType> = new Set<AuditType>(['amendment.accepted', 'draft.imported']);

/**
 * An `Effects` for one transaction. Audit entries are written by `settled(draftItems)`, in order, once the work is
 * done: the first entry of a `DRAFT_SOURCES` type then carries the items the draft edit inserted.
 */
function recorder(ctx: Domain, rulebookId: string, actor: Me | null, tx: Tx, happened: Happening[]): Effects & { settled: (draftItems?: ItemRange[]) => Promise<void> } {
  const entries: { who: Me | null; type: AuditType; payload: Record<string, unknown>; at: Date; items?: (ItemRange | CarriedRange)[] }[] = [];
  return {
    record(type, payload, options = {}) {
      const who = options.actor === undefined ? actor : options.actor;
      const audited = options.audit !== false;
      if (audited) entries.push({ who, type, payload, at: ctx.clock(), items: options.items });
      if (options.announce !== false) happened.push({ rulebookId, actor: who, type, payload, audited });
    },
    async settled(draftItems) {
      let unclaimed = draftItems;
      for (const { who, type, payload, at, items: own } of entries) {
        let items = own;
        if (!items && unclaimed && DRAFT_SOURCES.has(type)) [items, unclaimed] = [unclaimed, undefined];
        await recordAudit(tx, rulebookId, who, type, payload, at, items ? JSON.stringify(items) : null);
      }
    },
  };
}

/**
 * Run a command's writes to a rulebook in one transaction. What it records is audited in that same transaction,
 * so a change and its record land together or not at all, and announced only after the commit.
 */
export async function commit<T>(ctx: Domain, rulebookId: string, actor: Me | null, work: (tx: Tx, effects: Effects) => Promise<T> | T): Promise<T> {
  const happened: Happening[] = [];
  const result = await ctx.db.transaction(async (tx) => {
    await lockFor(tx, rulebookId);
    const effects = recorder(ctx, rulebookId, actor, tx, happened);
    const value = await work(tx, effects);
    await effects.settled();
    return value;
  });
  ctx.changed(rulebookId);
  if (happened.length > 0) ctx.announce(happened);
  return result;
}

/**
 * `commit` for a command that also edits the live draft: the draft update is logged in the same transaction
 * and reaches connected editors only once it commits (`DocRegistry.editDurably`).
 */
export async function commitDraftEdit<T>(ctx: Domain, rulebookId: string, actor: Me | null, work: (doc: Y.Doc, tx: Tx, effects: Effects) => Promise<T> | T): Promise<T> {
  const happened: Happening[] = [];
  const result = await ctx.docs.editDurably(ctx.db, rulebookId, async (doc, tx) => {
    const effects = recorder(ctx, rulebookId, actor, tx, happened);
    const before = stateVector(doc);
    const value = await work(doc, tx, effects);
    await effects.settled(insertedBetween(before, stateVector(doc)));
    return value;
  });
  ctx.changed(rulebookId);
  if (happened.length > 0) ctx.announce(happened);
  return result;
}
