import { and, asc, count, eq, gt, lte, max, sql } from 'drizzle-orm';
import { first, lockFor, prepared, type Db, type Queryable, type Tx } from '../db/handle.js';
import { docSnapshots, docUpdates } from '../db/schema.js';

const snapshotThrough = prepared('snapshot_through', (db) =>
  db.select({ throughSeq: docSnapshots.throughSeq }).from(docSnapshots).where(eq(docSnapshots.rulebookId, sql.placeholder('rulebookId'))),
);
const snapshotData = prepared('snapshot_data', (db) =>
  db.select({ throughSeq: docSnapshots.throughSeq, data: docSnapshots.data }).from(docSnapshots).where(eq(docSnapshots.rulebookId, sql.placeholder('rulebookId'))),
);
const updatesAfter = prepared('updates_after', (db) =>
  db
    .select({ seq: docUpdates.seq, data: docUpdates.data })
    .from(docUpdates)
    .where(and(eq(docUpdates.rulebookId, sql.placeholder('rulebookId')), gt(docUpdates.seq, sql.placeholder('from'))))
    .orderBy(asc(docUpdates.seq)),
);

/** Durable storage of a rulebook's draft: a snapshot plus an append-only log of Yjs updates after it. */
export class UpdateLog {
  constructor(private readonly db: Db) {}

  /**
   * The snapshot (if any) followed by every logged update, in order, read in one transaction; how many update rows
   * there are, and the last row they include (`seq`, for `since`).
   */
  load(rulebookId: string): Promise<{ updates: Uint8Array[]; rows: number; lastSeq: number }> {
    return this.db.transaction(async (tx) => {
      const { updates, lastSeq } = await this.since(tx, rulebookId, -1);
      const rows = first(await tx.select({ n: count() }).from(docUpdates).where(eq(docUpdates.rulebookId, rulebookId)))?.n ?? 0;
      return { updates, rows, lastSeq };
    });
  }

  /**
   * What was logged after row `afterSeq`, in order, and the last row it includes. When a compaction folded rows after
   * `afterSeq` into the snapshot, the snapshot comes first (applying it again changes nothing already applied).
   */
  async since(tx: Queryable | null, rulebookId: string, afterSeq: number): Promise<{ updates: Uint8Array[]; lastSeq: number }> {
    const q = tx ?? this.db;
    const throughNow = async () => first(await snapshotThrough(q, { rulebookId }))?.throughSeq ?? -1;
    for (let through = await throughNow(); ; ) {
      // The snapshot's bytes are read only when it folds rows this reader lacks: most read-backs find nothing new.
      const snapshot = through > afterSeq ? first(await snapshotData(q, { rulebookId })) : undefined;
      const from = snapshot ? snapshot.throughSeq : afterSeq;
      const rows = await updatesAfter(q, { rulebookId, from });
      // A compaction that committed between these reads may have folded rows we did not get: read again.
      const again = await throughNow();
      if (again > from) {
        through = again;
        continue;
      }
      const updates = rows.map((r) => new Uint8Array(r.data));
      if (snapshot) updates.unshift(new Uint8Array(snapshot.data));
      return { updates, lastSeq: rows.at(-1)?.seq ?? Math.max(from, 0) };
    }
  }

  /**
   * Append one (possibly merged) update; it is durable once this resolves, or once `tx` commits. Appends to one
   * rulebook hold its lock (`lockFor`), so rows are numbered in the order they commit, and `since` misses none.
   */
  async append(rulebookId: string, update: Uint8Array, tx?: Queryable): Promise<void> {
    const row = { rulebookId, data: Buffer.from(update), createdAt: new Date() };
    if (tx) await tx.insert(docUpdates).values(row);
    else {
      await this.db.transaction(async (own) => {
        await lockFor(own, rulebookId);
        await own.insert(docUpdates).values(row);
      });
    }
  }

  /**
   * Replace the snapshot with the document's state and drop the logged updates it folds, holding the rulebook's lock.
   * `state` is called inside the transaction, before the last row to fold is read: it must include every update
   * logged so far (it catches up with what other instances wrote).
   */
  async compact(rulebookId: string, state: (tx: Tx) => Promise<Uint8Array>): Promise<void> {
    await this.db.transaction(async (tx) => {
      await lockFor(tx, rulebookId);
      const data = Buffer.from(await state(tx));
      const through = first(await tx.select({ seq: max(docUpdates.seq) }).from(docUpdates).where(eq(docUpdates.rulebookId, rulebookId)))?.seq ?? 0;
      const previous = first(await tx.select({ through: docSnapshots.throughSeq }).from(docSnapshots).where(eq(docSnapshots.rulebookId, rulebookId)));
      const row = { rulebookId, data, throughSeq: Math.max(through, previous?.through ?? 0), updatedAt: new Date() };
      await tx
        .insert(docSnapshots)
        .values(row)
        .onConflictDoUpdate({ target: docSnapshots.rulebookId, set: { data: row.data, throughSeq: row.throughSeq, updatedAt: row.updatedAt } });
      await tx.delete(docUpdates).where(and(eq(docUpdates.rulebookId, rulebookId), lte(docUpdates.seq, through)));
    });
  }

  /** Number of update rows waiting to be compacted. */
  async stats(rulebookId: string): Promise<{ rows: number; }> {
    const row = first(await this.db.select({ n: count() }).from(docUpdates).where(eq(docUpdates.rulebookId, rulebookId)));
    return { rows: row?.n ?? 0 };
  }
}
