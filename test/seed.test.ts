import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { configFromEnv } from '../server/config.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SLUG } from '../server/seed/demo.js';

const dir = mkdtempSync(join(tmpdir(), 'amendo-seed-'));
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ databasePath: join(dir, 'demo.db'), seedDemo: true });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Whether the demo's organiser can sign in with the published password. */
async function demoSignIn(url: string): Promise<number> {
  return (await new ApiClient(url).post('/api/auth/login', { email: DEMO_ACCOUNTS[0].email, password: DEMO_PASSWORD })).status;
}

/**
 * Run `npm start`'s script as a newcomer would (no NODE_ENV, no SEED_DEMO: vitest's own are removed) with a fresh
 * database, plus `env`; resolves with the URL it listens on once it does.
 */
async function npmStart(name: string, env: Record<string, string>) {
  const { NODE_ENV: _nodeEnv, SEED_DEMO: _seedDemo, ...inherited } = process.env;
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATABASE_PATH: join(dir, `${name}.db`), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (listening) resolve(listening[1]!);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code} before listening:\n${output}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

describe('the demo seeded into an empty database', () => {
  it('has the contest rules, an open consultation with a debate, and the accounts the README lists', async () => {
    const reader = new ApiClient(server.url);
    const rulebook = (await reader.get(`/api/rulebooks/${DEMO_SLUG}`)).body;
    expect(rulebook).toMatchObject({ language: 'fr', consultation: 'open', organisers: ['Camille Dubois'] });
    const draft = (await reader.get(`/api/rulebooks/${DEMO_SLUG}/draft`)).body;
    expect(draft.articles).toHaveLength(13);
    expect(draft.articles[2].title).toBe('Conditions de participation');
    expect(draft.sections.map((s: any) => s.title)).toEqual([
      'Chapitre 1 – Dispositions générales',
      'Chapitre 2 – Déroulement du concours',
      'Chapitre 3 – Dispositions finales',
    ]);
    const [amendment] = (await reader.get(`/api/rulebooks/${DEMO_SLUG}/amendments`)).body;
    expect(amendment).toMatchObject({ kind: 'modify', articleNumber: 3, supportCount: 1, author: { displayName: 'Léa Martin' } });
    expect((await reader.get(`/api/rulebooks/${DEMO_SLUG}/comments/counts`)).body.counts).toEqual({ [draft.articles[2].id]: 2 });

    for (const account of DEMO_ACCOUNTS) {
      const client = new ApiClient(server.url);
      expect((await client.post('/api/auth/login', { email: account.email, password: DEMO_PASSWORD })).status).toBe(200);
      expect((await client.get(`/api/rulebooks/${DEMO_SLUG}`)).body.role).toBe(account.role);
    }
  });

  it('is not seeded twice: a server started again on the same database keeps the one demo', async () => {
    const again = await startServer({ databasePath: join(dir, 'demo.db'), seedDemo: true });
    try {
      expect((await new ApiClient(again.url).get('/api/rulebooks')).body.map((r: any) => r.slug)).toEqual([DEMO_SLUG]);
    } finally {
      await again.close();
    }
  });
});

describe('when the demo is seeded', () => {
  it('follows SEED_DEMO, and leaves the demo out in production unless SEED_DEMO=true', () => {
    const seeds = (env: NodeJS.ProcessEnv) => configFromEnv(env).app.seedDemo;
    expect(seeds({})).toBe(true);
    expect(seeds({ SEED_DEMO: 'false' })).toBe(false);
    expect(seeds({ NODE_ENV: 'production' })).toBe(false);
    expect(seeds({ NODE_ENV: 'production', SEED_DEMO: 'yes' })).toBe(false);
    expect(seeds({ NODE_ENV: 'production', SEED_DEMO: 'true' })).toBe(true);
  });

  it('`npm start` on an empty database seeds the demo; with NODE_ENV=production it creates no account with the published password', { timeout: 120_000 }, async () => {
    // One after the other: a first start may build the client.
    const newcomer = await npmStart('newcomer', {});
    try {
      expect(await demoSignIn(newcomer.url)).toBe(200);
      expect((await new ApiClient(newcomer.url).get(`/api/rulebooks/${DEMO_SLUG}`)).status).toBe(200);
    } finally {
      await newcomer.stop();
    }
    const production = await npmStart('production', { NODE_ENV: 'production' });
    try {
      expect(await demoSignIn(production.url)).toBe(401);
      expect((await new ApiClient(production.url).get('/api/rulebooks')).body).toEqual([]);
    } finally {
      await production.stop();
    }
  });
});
