import { and, asc, count, eq, lte, max } from 'drizzle-orm';
import type { Db, Queryable } from '../db/open.js';
import { docSnapshots, docUpdates } from '../db/schema.js';

/** Durable storage of a rulebook's draft: a snapshot plus an append-only log of Yjs updates after it. */
export class UpdateLog {
  constructor(private readonly db: Db) {}

  /** The snapshot (if any) followed by every logged update, in order; and how many update rows there are. */
  load(rulebookId: string): { updates: Uint8Array[]; rows: number } {
    const snapshot = this.db.select().from(docSnapshots).where(eq(docSnapshots.rulebookId, rulebookId)).get();
    const rows = this.db
      .select({ data: docUpdates.data })
      .from(docUpdates)
      .where(eq(docUpdates.rulebookId, rulebookId))
      .orderBy(asc(docUpdates.seq))
      .all();
    const updates = rows.map((r) => new Uint8Array(r.data));
    if (snapshot) updates.unshift(new Uint8Array(snapshot.data));
    return { updates, rows: rows.length };
  }

  /** Append one (possibly merged) update; it is durable once this returns, or once `tx` commits. */
  append(rulebookId: string, update: Uint8Array, tx: Queryable = this.db): void {
    tx.insert(docUpdates).values({ rulebookId, data: Buffer.from(update), createdAt: new Date() }).run();
  }

  /** Replace the snapshot with `state` (which must include every logged update) and drop the logged updates. */
  compact(rulebookId: string, state: Uint8Array): void {
    this.db.transaction((tx) => {
      const through =
        tx.select({ seq: max(docUpdates.seq) }).from(docUpdates).where(eq(docUpdates.rulebookId, rulebookId)).get()?.seq ?? 0;
      const row = { rulebookId, data: Buffer.from(state), throughSeq: through, updatedAt: new Date() };
      tx.insert(docSnapshots)
        .values(row)
        .onConflictDoUpdate({ target: docSnapshots.rulebookId, set: { data: row.data, throughSeq: through, updatedAt: row.updatedAt } })
        .run();
      tx.delete(docUpdates).where(and(eq(docUpdates.rulebookId, rulebookId), lte(docUpdates.seq, through))).run();
    });
  }

  /** Number of update rows waiting to be compacted. */
  stats(rulebookId: string): { rows: number } {
    const row = this.db.select({ n: count() }).from(docUpdates).where(eq(docUpdates.rulebookId, rulebookId)).get();
    return { rows: row?.n ?? 0 };
  }
}
