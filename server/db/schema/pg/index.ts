// The PostgreSQL dialect of the schema (../../schema.ts is the SQLite one); drizzle.pg.config.ts reads it from here.
export * from './accounts.js';
export * from './rulebooks.js';
export * from './debate.js';
export * from './notifications.js';
