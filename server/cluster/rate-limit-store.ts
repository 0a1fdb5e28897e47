import { createRequire } from 'node:module';
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';

type Counted = (err: Error | null, result?: { current: number; ttl: number }) => void;

/** What @fastify/rate-limit asks of a store (its typings leave out the window and the maximum it passes to `incr`). */
interface CounterStore {
  incr(key: string, done: Counted, timeWindow: number, max: number): void;
  child(routeOptions: unknown): CounterStore;
}

/** The plugin's settings a store is built from. */
interface StoreParams {
  continueExceeding: boolean;
  exponentialBackoff: boolean;
  cache?: number;
}

// The plugin's own two stores, which its entry point does not export: Redis (one atomic Lua INCR + PEXPIRE per
// request) and in-memory (an LRU per route). Reused rather than rewritten, so both count exactly as the plugin does.
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (continueExceeding: boolean, exponentialBackoff: boolean, redis: Redis, key: string) => CounterStore;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (continueExceeding: boolean, exponentialBackoff: boolean, cache?: number) => CounterStore;


/** Counts in Redis; when Redis fails, counts in memory instead, telling `reach` whether Redis answered. */
class SharedOrLocal implements CounterStore {
  constructor(
    private readonly shared: CounterStore,
    private readonly local: CounterStore,
    private readonly reach: (ok: boolean, err?: Error) => void,
  ) {}

  incr(key: string, done: Counted, timeWindow: number, max: number): void {
    this.shared.incr(key, (err, result) => {
      this.reach(!err, err ?? undefined);
      if (!err) return done(null, result);
      this.local.incr(key, done, timeWindow, max);
    }, timeWindow, max);
  }

  child(routeOptions: unknown): CounterStore {
    return new SharedOrLocal(this.shared.child(routeOptions), this.local.child(routeOptions), this.reach);
  }
}

/**
 * The rate-limit store of instances joined by Redis: every instance counts in the same Redis keys, so a client
 * spreading its requests over N instances still gets the limit once, not N times. While Redis is unreachable
 * each instance counts on its own (the limit per instance, as with one instance) rather than letting everything
 * through (`skipOnError`) or answering 500: a request never waits for Redis longer than `commandTimeout`.
 * Keys are `amendo:<deployment>:rate:` then the route and the client's key: `deployment` names the instances
 * sharing one database. Returns the store to hand @fastify/rate-limit, and how to close its connection.
 */
export function sharedRateLimitStore(url: string, deployment: string, log: FastifyBaseLogger): { store: FastifyRateLimitStoreCtor; close: () => Promise<void> } {
  // Fail fast rather than queue: a command while disconnected fails at once, one sent into a silent network
  // after 500 ms, and the request is then counted locally.
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 500 });
  // Connection errors are already logged by the fan-out's clients (same server); here only the switch is logged.
  redis.on('error', () => {});
  let shared = true;
  const reach = (ok: boolean, err?: Error) => {
    if (ok === shared) return;
    shared = ok;
    if (ok) log.info('rate limits: counting in Redis again, shared by the instances');
    else log.warn({ err }, 'rate limits: Redis unreachable, each instance counts on its own until it is back');
  };
  const store = class extends SharedOrLocal {
    constructor(params: StoreParams) {
      super(new RedisStore(params.continueExceeding, params.exponentialBackoff, redis, `amendo:${deployment}:rate:`), new LocalStore(params.continueExceeding, params.exponentialBackoff, params.cache), reach);
    }
  };
  return {
    store: store as unknown as FastifyRateLimitStoreCtor,
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
