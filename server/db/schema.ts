// The database schema, one module per area; drizzle-kit reads it from here (drizzle.config.ts).
export * from './schema/accounts.js';
export * from './schema/rulebooks.js';
export * from './schema/debate.js';
export * from './schema/notifications.js';
