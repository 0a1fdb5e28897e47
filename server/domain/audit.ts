import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { asc, desc, eq, and, gt } from 'drizzle-orm';
import type { Queryable } from '../db/open.js';
import { auditEvents } from '../db/schema.js';
import type { AuditType, Domain } from './context.js';
import type { AuditEntry, Me } from '../../shared/validation/api.js';

/** Hash the chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

type AuditRow = typeof auditEvents.$inferSelect;

/** The hash of one entry: SHA-256 over the previous hash and the canonical JSON of the entry's fields. */
export function hashAuditEntry(entry: Omit<AuditRow, 'hash'>): string {
  const canonical = canonicalize({
    prevHash: entry.prevHash,
    seq: entry.seq,
    rulebookId: entry.rulebookId,
    actorId: entry.actorId,
    actorName: entry.actorName,
    type: entry.type,
    payload: entry.payload,
    createdAt: entry.createdAt.getTime(),
  })!;
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Append an event to a rulebook's audit chain. Commands call it through `commit` (effects.ts), inside the
 * transaction that makes the change, so the change and its record land together.
 */
export function recordAudit(db: Queryable, rulebookId: string, actor: Me | null, type: AuditType, payload: Record<string, unknown>, createdAt: Date): void {
  const last = db
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .where(eq(auditEvents.rulebookId, rulebookId))
    .orderBy(desc(auditEvents.seq))
    .limit(1)
    .get();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const base = { rulebookId, actorId: actor?.id ?? null, actorName: actor?.displayName ?? null, type, payload: canonicalize(payload)!, createdAt, prevHash };
  // The sequence number is part of the hash, so insert first, then seal the row with its hash.
  const inserted = db.insert(auditEvents).values({ ...base, hash: '' }).returning({ seq: auditEvents.seq }).get();
  db.update(auditEvents).set({ hash: hashAuditEntry({ ...base, seq: inserted.seq }) }).where(eq(auditEvents.seq, inserted.seq)).run();
}

const present = (row: AuditRow): AuditEntry => ({
  seq: row.seq,
  type: row.type,
  actor: row.actorId ? { id: row.actorId, name: row.actorName ?? '' } : null,
  payload: JSON.parse(row.payload) as Record<string, unknown>,
  createdAt: row.createdAt.toISOString(),
  prevHash: row.prevHash,
  hash: row.hash,
});

/** A page of a rulebook's audit log, oldest first, after sequence number `after`. */
export function listAudit({ db }: Domain, rulebookId: string, after: number, limit: number): { entries: AuditEntry[]; next: number | null } {
  const rows = db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.rulebookId, rulebookId), gt(auditEvents.seq, after)))
    .orderBy(asc(auditEvents.seq))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit).map(present);
  return { entries: page, next: rows.length > limit ? page[page.length - 1]!.seq : null };
}

/** Recompute a rulebook's whole chain; `ok` is false at the first entry whose link or hash does not match. */
export function verifyAudit({ db }: Domain, rulebookId: string): { ok: boolean; entries: number; head: string; brokenAt: number | null } {
  let prev = GENESIS_HASH;
  let entries = 0;
  for (const row of db.select().from(auditEvents).where(eq(auditEvents.rulebookId, rulebookId)).orderBy(asc(auditEvents.seq)).all()) {
    entries++;
    if (row.prevHash !== prev || hashAuditEntry(row) !== row.hash) return { ok: false, entries, head: prev, brokenAt: row.seq };
    prev = row.hash;
  }
  return { ok: true, entries, head: prev, brokenAt: null };
}
