import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { waitFor } from './helpers/client.js';
import { buildApp } from '../server/app.js';

// When the event loop lags, the server says so at once (503 + Retry-After) instead of letting everyone time out.
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ maxEventLoopDelayMs: 100 });
});
afterAll(() => server?.close());

/** Keep the event loop busy for `ms`, as a burst of work would. */
function stall(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy
  }
}

describe('overload', () => {
  it('answers 503 overloaded with Retry-After while the event loop lags, the health check as usual, then recovers', async () => {
    // Starting the server is itself a burst of work: wait for the first calm sample.
    await waitFor(async () => (await fetch(`${server.url}/api/rulebooks`)).status === 200, 5000, 'a calm event loop');
    // The lag is measured over short samples: stall, then ask at once, until a sample has seen it.
    const seen = await waitFor(async () => {
      stall(1500);
      const [busy, health] = await Promise.all([fetch(`${server.url}/api/rulebooks`), fetch(`${server.url}/api/health`)]);
      return busy.status === 503 ? { busy, body: await busy.json(), health } : null;
    }, 20_000, 'a 503 while the event loop lags');
    expect(seen.busy.headers.get('retry-after')).toBe('5');
    expect(seen.body).toEqual({ error: { code: 'overloaded', message: expect.stringContaining('try again') } });
    expect(seen.health.status).toBe(200);
    await waitFor(async () => (await fetch(`${server.url}/api/rulebooks`)).status === 200, 5000, 'requests served again');
  });

  it('sheds nothing because of the work done while starting up', async () => {
    const app = await buildApp({ databasePath: ':memory:', logLevel: 'silent', seedDemo: false, maxEventLoopDelayMs: 100 });
    try {
      stall(1500); // as migrations and the demo seed do before the server listens
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      expect((await fetch(`${url}/api/rulebooks`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('is off unless configured', async () => {
    const plain = await startServer();
    try {
      stall(1500);
      expect((await fetch(`${plain.url}/api/rulebooks`)).status).toBe(200);
    } finally {
      await plain.close();
    }
  });
});
