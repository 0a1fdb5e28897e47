// Jobs that one instance at a time runs (server/db/singleton.ts): the timers' rounds on instances sharing a database.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { waitFor } from '../helpers/client.js';
import { twoInstancesEachTest } from './services.js';
import { runAlone } from '../../server/db/singleton.js';

/** A job that runs until `finish()` is called; `started` says when it began. */
function heldJob() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const job = { started: false, finish, run: async () => {
    job.started = true;
    await done;
  } };
  return job;
}

describe('jobs run by one instance at a time', () => {
  const instances = twoInstancesEachTest();

  it('skips a job on the other instance while one runs it, and runs it there once it is free', async () => {
    const [a, b] = instances();
    const held = heldJob();
    const onA = runAlone(a.app.db, 'test-round', held.run);
    await waitFor(() => held.started, 5000, 'the round started on A');

    let ranOnB = false;
    expect(await runAlone(b.app.db, 'test-round', async () => void (ranOnB = true))).toBe(false);
    expect(await runAlone(a.app.db, 'test-round', async () => void (ranOnB = true))).toBe(false);
    expect(ranOnB).toBe(false);
    // Another job is not held up by this one.
    expect(await runAlone(b.app.db, 'other-round', async () => undefined)).toBe(true);

    held.finish();
    expect(await onA).toBe(true);
    expect(await runAlone(b.app.db, 'test-round', async () => void (ranOnB = true))).toBe(true);
    expect(ranOnB).toBe(true);
  });

  it('frees a job at once when the connection of the instance running it is lost', async () => {
    const [a, b] = instances();
    const held = heldJob();
    const onA = runAlone(a.app.db, 'test-round', held.run);
    await waitFor(() => held.started, 5000, 'the round started on A');
    expect(await runAlone(b.app.db, 'test-round', async () => undefined)).toBe(false);

    // As when A is killed or cut off: the server ends the session that holds the lock.
    const admin = new pg.Client({ connectionString: instances.databaseUrl() });
    await admin.connect();
    try {
      // The session holding the job's advisory lock (its 64-bit key is split in two halves in pg_locks).
      const { rows } = await admin.query(
        `select pg_terminate_backend(pid) as ended from pg_locks
         where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())
           and objsubid = 1 and (classid::bigint << 32 | objid::bigint) = hashtextextended($1, 0)`,
        ['job:test-round'],
      );
      expect(rows).toEqual([{ ended: true }]);
    } finally {
      await admin.end();
    }

    await waitFor(() => runAlone(b.app.db, 'test-round', async () => undefined), 5000, 'the round free for B');
    // A's round ends without an error, its broken connection closed rather than reused.
    held.finish();
    expect(await onA).toBe(true);
    expect(await runAlone(a.app.db, 'test-round', async () => undefined)).toBe(true);
  });
});
