// What a database error means, whichever engine raised it (better-sqlite3, node-postgres, PGlite), and whether
// drizzle wrapped it (DrizzleQueryError keeps the driver's error as `cause`).

interface DriverError {
  code?: unknown;
  message?: unknown;
  constraint?: unknown;
  detail?: unknown;
  cause?: unknown;
}

/** The driver's own error inside whatever wraps it. */
function driverError(err: unknown): DriverError {
  let current = err as DriverError | null;
  while (current && typeof current.code !== 'string' && current.cause) current = current.cause as DriverError;
  return current ?? {};
}

/** Whether `err` is a unique constraint violated on `column` (its SQL name). */
export function isUniqueViolation(err: unknown, column: string): boolean {
  const { code, message, constraint, detail } = driverError(err);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return String(message).includes(column);
  return code === '23505' && (String(constraint).includes(column) || String(detail).includes(`(${column})`));
}

/** PostgreSQL states that say the server or its storage failed (disk full, I/O, shutting down), not the query. */
const PG_STORAGE_STATES = /^(08|53100|58030|57P0[1-3])/;
/** Socket errors of a database server that went away or cannot be reached. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/**
 * node-postgres's own errors, which carry no code: a connection that ended ("Connection terminated unexpectedly", or
 * "…due to connection timeout"), a query on a connection that had failed ("Client has encountered a connection error
 * and is not queryable"), no connection free in time ("timeout exceeded when trying to connect").
 */
const PG_CONNECTION_MESSAGES = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect/i;

/** Whether an error says the storage itself failed (disk full, I/O error, the database server gone), not the query. */
export function isStorageError(err: unknown): boolean {
  const { code, message } = driverError(err);
  if (typeof code === 'string') return /^SQLITE_(FULL|IOERR)/.test(code) || PG_STORAGE_STATES.test(code) || CONNECTION_CODES.has(code);
  return PG_CONNECTION_MESSAGES.test(String(message));
}
