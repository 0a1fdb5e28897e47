import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, uniqueEmail, type ApiResponse } from './helpers/client.js';

let server: TestServer;
let known: { email: string; password: string };
beforeAll(async () => {
  server = await startServer();
  known = await new ApiClient(server.url).signUp('known');
});
afterAll(() => server.close());

const TRIES = 50;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Ask `TRIES` times about the known address and `TRIES` times about unknown ones, alternating so that load on
 * the machine falls on both alike; returns what each answered and how long it took.
 */
async function probe(ask: (client: ApiClient, email: string, i: number) => Promise<ApiResponse>) {
  const client = new ApiClient(server.url);
  const runs = { known: [] as number[], unknown: [] as number[], answers: new Set<string>() };
  for (let i = 0; i < TRIES; i++) {
    for (const side of i % 2 ? (['known', 'unknown'] as const) : (['unknown', 'known'] as const)) {
      const start = performance.now();
      const res = await ask(client, side === 'known' ? known.email : uniqueEmail('unknown'), i);
      runs[side].push(performance.now() - start);
      runs.answers.add(JSON.stringify([res.status, normalise(res.body)]));
    }
  }
  return runs;
}

/** An answer without what differs between any two requests (the address and name echoed back). */
const normalise = (body: unknown) => JSON.parse(JSON.stringify(body).replace(/"(email|displayName)":"[^"]*"/g, '"$1":"…"'));

/** Timing within noise: medians within 15 ms of each other, or 35 % of the faster (a loaded 2-core CI stays under both). */
function expectSameTiming(runs: { known: number[]; unknown: number[] }) {
  const [k, u] = [median(runs.known), median(runs.unknown)];
  expect(Math.abs(k - u), `median ${k.toFixed(1)} ms for the known address, ${u.toFixed(1)} ms for unknown ones`).toBeLessThan(Math.max(15, 0.35 * Math.min(k, u)));
}

describe('nobody learns from sign-up, sign-in or reset whether an address has an account', () => {
  it('answers sign-up alike, in status, body and time', async () => {
    const runs = await probe((client, email, i) => client.post('/api/auth/register', { email, password: 'a long password', displayName: `Probe ${i} ${email.slice(0, 24)}` }));
    expect([...runs.answers]).toEqual([JSON.stringify([201, { email: '…', displayName: '…', verification: 'mailed' }])]);
    expectSameTiming(runs);
  });

  it('answers sign-in with a wrong password alike', async () => {
    const runs = await probe((client, email) => client.post('/api/auth/login', { email, password: 'not the password at all' }));
    expect([...runs.answers].map((a) => JSON.parse(a)[0])).toEqual([401]);
    expectSameTiming(runs);
  });

  it('answers a reset request alike', async () => {
    const runs = await probe((client, email) => client.post('/api/auth/forgot', { email }));
    expect([...runs.answers]).toEqual([JSON.stringify([202, { status: 'mailed' }])]);
    expectSameTiming(runs);
  });
});
