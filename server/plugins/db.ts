import fp from 'fastify-plugin';
import { openDatabase } from '../db/open.js';
import { openPostgresHandle } from '../db/open-pg.js';
import type { Db } from '../db/handle.js';
import { holdInstanceLock } from '../db/instance-lock.js';
import { UpdateLog } from '../collab/update-log.js';
import { DocRegistry } from '../collab/registry.js';
import { RedisFanout, type Fanout } from '../cluster/fanout.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    /** The live drafts currently in memory. */
    docs: DocRegistry;
    /** The other instances sharing the database (Redis), or null for a single instance. */
    fanout: Fanout | null;
  }
}

/**
 * Opens the database (applying migrations), the fan-out to other instances when `redisUrl` is set (PostgreSQL only:
 * instances share a database server), and the registry of live drafts; closes them with the app.
 */
export const dbPlugin = fp<{ databasePath: string; databaseUrl?: string; redisUrl?: string; flushDelayMs: number; compactAfter: number; docIdleMs: number }>(
  async (app, opts) => {
    if (opts.redisUrl && !/^postgres(ql)?:/.test(opts.databaseUrl ?? '')) {
      throw new Error('REDIS_URL joins instances that share a PostgreSQL database: set DATABASE_URL=postgres://… too');
    }
    const { db, close } = opts.databaseUrl ? await openPostgresHandle(opts.databaseUrl) : openDatabase(opts.databasePath);
    // Held until the drafts are closed (their pending direct edits recorded): while held, this instance is alive to others.
    const releaseInstanceLock = await holdInstanceLock(db, {
      lost: (err) => app.log.warn({ err }, 'lost the connection holding the instance lock: taking it again'),
      regained: () => app.log.info('instance lock held again'),
    }).catch(async (err: unknown) => {
      await close();
      throw err;
    });
    const fanout = opts.redisUrl ? new RedisFanout(opts.redisUrl, (err) => app.log.warn({ err }, 'redis: %s', (err as Error).message)) : null;
    const readBackWarned = new Map<string, number>();
    const docs = new DocRegistry(new UpdateLog(db), {
      fanout: fanout ?? undefined,
      flushDelayMs: opts.flushDelayMs,
      compactAfter: opts.compactAfter,
      idleMs: opts.docIdleMs,
      onError: (err, room) => app.log.error({ err, rulebook: room.rulebookId }, 'could not write a draft to storage'),
      onReadBackFailed: (err, room) => {
        // Tried again every second or five while the database is away: said once a minute per draft.
        const now = Date.now();
        if (now - (readBackWarned.get(room.rulebookId) ?? 0) < 60_000) return;
        readBackWarned.set(room.rulebookId, now);
        app.log.warn({ err, rulebook: room.rulebookId }, 'could not read back what other instances logged; trying again');
      },
      onRecovered: (room) => app.log.warn({ rulebook: room.rulebookId }, 'draft storage works again'),
    });
    app.decorate('db', db);
    app.decorate('docs', docs);
    app.decorate('fanout', fanout);
    app.addHook('onClose', async () => {
      await docs.closeAll();
      await fanout?.close();
      await releaseInstanceLock();
      await close();
    });
  },
  { name: 'db' },
);
