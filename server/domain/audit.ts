import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { asc, desc, eq, and, gt } from 'drizzle-orm';
import { first, type Queryable } from '../db/handle.js';
import { auditEvents } from '../db/schema.js';
import type { AuditType, Domain } from './context.js';
import type { AuditEntry, Me } from '../../shared/validation/api.js';

/** Hash the chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hash formula new entries are written with (see `hashAuditEntry`). */
export const AUDIT_FORMULA = 2;

type AuditRow = typeof auditEvents.$inferSelect;

/**
 * The hash of one entry: SHA-256 over the canonical JSON of the previous hash and the entry's fields. Formula 1
 * (entries written before per-rulebook numbers) covers the storage key `seq`; formula 2 covers the entry's
 * number within its rulebook and the formula itself, so neither can be changed without breaking the chain.
 */
export function hashAuditEntry(entry: Omit<AuditRow, 'hash'>): string {
  const fields = {
    prevHash: entry.prevHash,
    rulebookId: entry.rulebookId,
    actorId: entry.actorId,
    actorName: entry.actorName,
    type: entry.type,
    payload: entry.payload,
    createdAt: entry.createdAt.getTime(),
  };
  const canonical = entry.formula === 1 ? canonicalize({ ...fields, seq: entry.seq }) : canonicalize({ ...fields, formula: entry.formula, number: entry.number });
  return createHash('sha256').update(canonical!).digest('hex');
}

/**
 * Append an event to a rulebook's audit chain, numbered after the rulebook's last entry. Commands call it
 * through `commit` (effects.ts), inside the transaction that makes the change, so the change and its record land
 * together (and two entries can never take the same number: the index on rulebook and number is unique).
 */
export async function recordAudit(db: Queryable, rulebookId: string, actor: Me | null, type: AuditType, payload: Record<string, unknown>, createdAt: Date, insertedItems: string | null = null): Promise<void> {
  const last = first(await db
    .select({ hash: auditEvents.hash, number: auditEvents.number })
    .from(auditEvents)
    .where(eq(auditEvents.rulebookId, rulebookId))
    .orderBy(desc(auditEvents.number))
    .limit(1));
  const entry = {
    rulebookId,
    number: (last?.number ?? 0) + 1,
    formula: AUDIT_FORMULA,
    actorId: actor?.id ?? null,
    actorName: actor?.displayName ?? null,
    type,
    payload: canonicalize(payload)!,
    createdAt,
    prevHash: last?.hash ?? GENESIS_HASH,
    insertedItems,
  };
  // Formula 2 does not hash the storage key, so the row is sealed before it is written.
  await db.insert(auditEvents).values({ ...entry, hash: hashAuditEntry({ ...entry, seq: 0 }) });
}

const present = (row: AuditRow): AuditEntry => ({
  number: row.number,
  seq: row.seq,
  formula: row.formula,
  type: row.type,
  actor: row.actorId ? { id: row.actorId, name: row.actorName ?? '' } : null,
  payload: JSON.parse(row.payload) as Record<string, unknown>,
  createdAt: row.createdAt.toISOString(),
  prevHash: row.prevHash,
  hash: row.hash,
});

/** A page of a rulebook's audit log, oldest first, after entry number `after`. */
export async function listAudit({ db }: Domain, rulebookId: string, after: number, limit: number): Promise<{ entries: AuditEntry[]; next: number|null; }> {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.rulebookId, rulebookId), gt(auditEvents.number, after)))
    .orderBy(asc(auditEvents.number))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map(present);
  return { entries: page, next: rows.length > limit ? page[page.length - 1]!.number : null };
}

/**
 * Recompute a rulebook's whole chain; `ok` is false at the first entry whose link, hash or number (1, 2, 3…
 * without a gap) does not match, and `brokenAt` is that entry's number.
 */
export async function verifyAudit({ db }: Pick<Domain, 'db'>, rulebookId: string): Promise<{ ok: boolean; entries: number; head: string; brokenAt: number|null; }> {
  let prev = GENESIS_HASH;
  let entries = 0;
  for (const row of (await db.select().from(auditEvents).where(eq(auditEvents.rulebookId, rulebookId)).orderBy(asc(auditEvents.number)))) {
    entries++;
    if (row.number !== entries || row.prevHash !== prev || hashAuditEntry(row) !== row.hash) return { ok: false, entries, head: prev, brokenAt: row.number };
    prev = row.hash;
  }
  return { ok: true, entries, head: prev, brokenAt: null };
}
