import fp from 'fastify-plugin';
import { openDatabase } from '../db/open.js';
import { openPostgresHandle } from '../db/open-pg.js';
import type { Db } from '../db/handle.js';
import { UpdateLog } from '../collab/update-log.js';
import { DocRegistry } from '../collab/registry.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    /** The live drafts currently in memory. */
    docs: DocRegistry;
  }
}

/** Opens the database (applying migrations) and the registry of live drafts; closes both with the app. */
export const dbPlugin = fp<{ databasePath: string; databaseUrl?: string; flushDelayMs: number; compactAfter: number; docIdleMs: number }>(
  async (app, opts) => {
    const { db, close } = opts.databaseUrl ? await openPostgresHandle(opts.databaseUrl) : openDatabase(opts.databasePath);
    const docs = new DocRegistry(new UpdateLog(db), {
      flushDelayMs: opts.flushDelayMs,
      compactAfter: opts.compactAfter,
      idleMs: opts.docIdleMs,
      onError: (err, room) => app.log.error({ err, rulebook: room.rulebookId }, 'could not write a draft to storage'),
      onRecovered: (room) => app.log.warn({ rulebook: room.rulebookId }, 'draft storage works again'),
    });
    app.decorate('db', db);
    app.decorate('docs', docs);
    app.addHook('onClose', async () => {
      await docs.closeAll();
      await close();
    });
  },
  { name: 'db' },
);
