// Rate limits on instances joined by Redis: a client spreading its attempts over them gets the limit once, and an
// unreachable Redis leaves each instance limiting on its own rather than failing or letting everything through.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { startServer, type TestServer } from '../helpers/server.js';
import { ApiClient, waitFor } from '../helpers/client.js';
import { freePort, freshDatabase, serviceUrl } from './services.js';

/**
 * A client behind the load balancer, at an address of its own: Redis keeps a counter for a minute, so a fresh
 * address keeps one run's attempts apart from the previous run's.
 */
function clientBehindProxy() {
  const address = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  return async (server: TestServer) => {
    const res = await new ApiClient(server.url).request('POST', '/api/auth/login', { email: 'x@y.zz', password: 'wrong password' }, { headers: { 'x-forwarded-for': address } });
    return res.status === 429 ? `429 ${res.body.error.code}` : String(res.status);
  };
}

/**
 * A Redis that answers the client's handshake, then hangs at the first count it is asked for and answers nothing
 * more on that connection: a server stuck, or a network dropping packets once connected.
 */
async function hangingRedis(): Promise<{ url: string; server: Server; hung: () => boolean }> {
  let hungOnce = false;
  const info = '# Server\r\nredis_version:7.0.0\r\nloading:0\r\n';
  const server = createServer((socket) => {
    let hung = false;
    socket.on('data', (data) => {
      // Each command is an array of bulk strings (`*<n>`, then `$<length>` and the word): its first word names it.
      for (const command of data.toString().split(/^\*\d+\r\n/m).filter(Boolean)) {
        const name = command.split('\r\n')[1]!.toLowerCase();
        hung ||= name.startsWith('eval');
        hungOnce ||= hung;
        if (!hung) socket.write(name === 'info' ? `$${info.length}\r\n${info}\r\n` : '+OK\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `redis://127.0.0.1:${(server.address() as { port: number }).port}`, server, hung: () => hungOnce };
}

describe('rate limits on several instances', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let servers: TestServer[] = [];
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await database?.drop();
  });

  it('counts sign-in attempts made on two instances together: the limit once, not once per instance', async () => {
    const options = { databaseUrl: database.url, redisUrl: serviceUrl('TEST_REDIS_URL'), authRateLimit: 4, trustProxy: true };
    servers = [await startServer(options), await startServer(options)];
    // Connected to Redis (the limiter's client with the others): an attempt made before would be counted locally.
    await waitFor(() => servers.every((s) => s.app.fanout?.connected), 5000, 'both instances connected to Redis');
    const attempt = clientBehindProxy();

    const answers: string[] = [];
    for (let i = 0; i < 8; i++) answers.push(await attempt(servers[i % 2]!));

    expect(answers).toEqual(['401', '401', '401', '401', '429 rate_limited', '429 rate_limited', '429 rate_limited', '429 rate_limited']);
  });

  it('counts on each instance alone while Redis is unreachable: still limited, neither a 500 nor a wait', async () => {
    const options = { databaseUrl: database.url, redisUrl: `redis://127.0.0.1:${await freePort()}`, authRateLimit: 3, trustProxy: true };
    servers = [await startServer(options), await startServer(options)];
    const attempt = clientBehindProxy();

    const started = performance.now();
    const answers: string[][] = [[], []];
    for (let i = 0; i < 10; i++) answers[i % 2]!.push(await attempt(servers[i % 2]!));

    // Each instance allows the limit: twice it in all, as before Redis joined them, until Redis is back.
    for (const seen of answers) expect(seen).toEqual(['401', '401', '401', '429 rate_limited', '429 rate_limited']);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('does not wait on a Redis that stops answering: each attempt is counted locally after a short timeout', async () => {
    const redis = await hangingRedis();
    try {
      servers = [await startServer({ databaseUrl: database.url, redisUrl: redis.url, authRateLimit: 2, trustProxy: true })];
      // Its clients, the limiter's among them, have finished their handshake: counting is what hangs.
      await waitFor(() => servers[0]!.app.fanout?.connected, 5000, 'the instance connected to Redis');
      const attempt = clientBehindProxy();
      const answers: string[] = [];
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        answers.push(await attempt(servers[0]!));
        times.push(performance.now() - started);
      }
      expect(redis.hung()).toBe(true);
      expect(answers).toEqual(['401', '401', '429 rate_limited']);
      // The command timeout is 500 ms: the slowest answer stays well under what a user would take for a hang.
      expect(Math.max(...times)).toBeLessThan(2000);
    } finally {
      redis.server.close();
    }
  });
});
