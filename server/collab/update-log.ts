import { and, asc, count, eq, lte, max } from 'drizzle-orm';
import { first, type Db, type Queryable } from '../db/handle.js';
import { docSnapshots, docUpdates } from '../db/schema.js';

/** Durable storage of a rulebook's draft: a snapshot plus an append-only log of Yjs updates after it. */
export class UpdateLog {
  constructor(private readonly db: Db) {}

  /** The snapshot (if any) followed by every logged update, in order; and how many update rows there are. */
  async load(rulebookId: string): Promise<{ updates: Uint8Array[]; rows: number; }> {
    const snapshot = first(await this.db.select().from(docSnapshots).where(eq(docSnapshots.rulebookId, rulebookId)));
    const rows = await this.db
      .select({ data: docUpdates.data })
      .from(docUpdates)
      .where(eq(docUpdates.rulebookId, rulebookId))
      .orderBy(asc(docUpdates.seq));
    const updates = rows.map((r) => new Uint8Array(r.data));
    if (snapshot) updates.unshift(new Uint8Array(snapshot.data));
    return { updates, rows: rows.length };
  }

  /** Append one (possibly merged) update; it is durable once this resolves, or once `tx` commits. */
  async append(rulebookId: string, update: Uint8Array, tx?: Queryable): Promise<void> {
    const row = { rulebookId, data: Buffer.from(update), createdAt: new Date() };
    if (tx) await tx.insert(docUpdates).values(row);
    else await this.db.transaction(async (own) => void (await own.insert(docUpdates).values(row)));
  }

  /**
   * Replace the snapshot with the document's state and drop the logged updates it folds. `state` is called inside the
   * transaction, after the last row to fold is known: it must include every update logged so far.
   */
  async compact(rulebookId: string, state: () => Uint8Array): Promise<void> {
    await this.db.transaction(async (tx) => {
      const through =
        first(await tx.select({ seq: max(docUpdates.seq) }).from(docUpdates).where(eq(docUpdates.rulebookId, rulebookId)))?.seq ?? 0;
      const row = { rulebookId, data: Buffer.from(state()), throughSeq: through, updatedAt: new Date() };
      await tx.insert(docSnapshots)
        .values(row)
        .onConflictDoUpdate({ target: docSnapshots.rulebookId, set: { data: row.data, throughSeq: through, updatedAt: row.updatedAt } });
      await tx.delete(docUpdates).where(and(eq(docUpdates.rulebookId, rulebookId), lte(docUpdates.seq, through)));
    });
  }

  /** Number of update rows waiting to be compacted. */
  async stats(rulebookId: string): Promise<{ rows: number; }> {
    const row = first(await this.db.select({ n: count() }).from(docUpdates).where(eq(docUpdates.rulebookId, rulebookId)));
    return { rows: row?.n ?? 0 };
  }
}
