// PostgreSQL column types standing for the SQLite schema's modes, so both dialects give the domain the same row types.
import { customType, timestamp } from 'drizzle-orm/pg-core';

/**
 * `bytea` read and written as a Node `Buffer`, like SQLite's `blob({ mode: 'buffer' })`: node-postgres already
 * returns a Buffer, PGlite a plain Uint8Array, which is wrapped (not copied).
 */
export const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
});

/** An instant, `timestamptz` read as a `Date`: stands for SQLite's `integer({ mode: 'timestamp_ms' })`. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
