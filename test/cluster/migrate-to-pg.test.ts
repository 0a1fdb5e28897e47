// `npm run db:migrate-to-pg` onto a real PostgreSQL server, as an operator runs it: the demo's SQLite file is copied
// and verified, an instance started on the copy serves it and takes writes, and a second run is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SLUG } from '../../server/seed/demo.js';
import { startChildServer } from '../helpers/child-server.js';
import { startServer } from '../helpers/server.js';
import { ApiClient } from '../helpers/client.js';
import { freshDatabase } from './services.js';

const exec = promisify(execFile);

/** Run the npm script's command; resolves with its exit code and output whether it succeeds or not. */
async function migrateToPg(from: string, to: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'scripts/migrate-to-pg.ts', '--from', from, '--to', to]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('moving the demo from SQLite to a PostgreSQL server', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let dir: string;
  beforeEach(async () => {
    database = await freshDatabase();
    dir = mkdtempSync(join(tmpdir(), 'amendo-to-pg-'));
  });
  afterEach(async () => {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies and verifies it; an instance on the copy serves the same draft and audit log and takes a write; a second run is refused', async () => {
    const sqlitePath = join(dir, 'amendo.db');
    const { child, url } = await startChildServer(sqlitePath, { SEED_DEMO: 'true' });
    const reader = new ApiClient(url);
    const draft = (await reader.get(`/api/rulebooks/${DEMO_SLUG}/draft`)).body;
    const audit = (await reader.get(`/api/rulebooks/${DEMO_SLUG}/audit`)).body;
    child.kill('SIGTERM');
    await once(child, 'exit');

    const run = await migrateToPg(sqlitePath, database.url);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`audit chain of ${DEMO_SLUG}: ${audit.entries.length} entries, verified`);

    const server = await startServer({ databaseUrl: database.url, databasePath: join(dir, 'files.db') });
    try {
      const onPg = new ApiClient(server.url);
      expect((await onPg.get(`/api/rulebooks/${DEMO_SLUG}/draft`)).body).toEqual(draft);
      expect((await onPg.get(`/api/rulebooks/${DEMO_SLUG}/audit`)).body).toEqual(audit);
      const lea = new ApiClient(server.url);
      expect((await lea.post('/api/auth/login', { email: DEMO_ACCOUNTS[1].email, password: DEMO_PASSWORD })).status).toBe(200);
      const article = draft.articles[0];
      const proposed = await lea.post(`/api/rulebooks/${DEMO_SLUG}/amendments`, { kind: 'modify', articleId: article.id, text: `${article.text}\n\nSur PostgreSQL.`, rationale: 'Essai.' });
      expect(proposed.status).toBe(201);
      expect((await onPg.get(`/api/rulebooks/${DEMO_SLUG}/audit/verify`)).body).toMatchObject({ ok: true, entries: audit.entries.length + 1 });
    } finally {
      await server.close();
    }

    const again = await migrateToPg(sqlitePath, database.url);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds data \(in .*audit_events.*\); nothing was written/);
  });
});
