// runAlone on SQLite, the database one instance alone opens: a job's rounds never overlap on it (the instances
// sharing a PostgreSQL database are in test/cluster/singleton-jobs.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open.js';
import { runAlone } from '../../server/db/singleton.js';

const opened: Array<() => Promise<void>> = [];
const database = () => {
  const { db, close } = openDatabase(':memory:');
  opened.push(close);
  return db;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((close) => close()));
});

describe('runAlone on SQLite', () => {
  it('skips a round while the previous one still runs, and runs the next once it is over', async () => {
    const db = database();
    let finish!: () => void;
    const first = runAlone(db, 'round', () => new Promise<void>((resolve) => (finish = resolve)));
    let ran = 0;
    expect(await runAlone(db, 'round', async () => void ran++)).toBe(false);
    // Another job, or the same job on another database (another server in this process), is not held up.
    expect(await runAlone(db, 'other', async () => void ran++)).toBe(true);
    expect(await runAlone(database(), 'round', async () => void ran++)).toBe(true);
    finish();
    expect(await first).toBe(true);
    expect(await runAlone(db, 'round', async () => void ran++)).toBe(true);
    expect(ran).toBe(3);
  });

  it('passes on a failure of the round and frees the job for the next', async () => {
    const db = database();
    await expect(runAlone(db, 'round', async () => Promise.reject(new Error('mail server away')))).rejects.toThrow('mail server away');
    expect(await runAlone(db, 'round', async () => undefined)).toBe(true);
  });
});
