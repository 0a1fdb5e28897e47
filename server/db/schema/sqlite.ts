// The SQLite dialect of the schema, one module per area; drizzle-kit reads it from here (drizzle.config.ts).
export * from './accounts.js';
export * from './rulebooks.js';
export * from './debate.js';
export * from './notifications.js';
