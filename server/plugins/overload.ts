import fp from 'fastify-plugin';
import underPressure from '@fastify/under-pressure';
import { errors } from '../errors.js';

/** Seconds a client is asked to wait (`Retry-After`) when the server sheds load. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Graceful overload: while the event loop's mean delay over the last sample exceeds `maxEventLoopDelayMs`, every
 * request (WebSocket upgrades included) is answered at once with `503 overloaded` and `Retry-After`, instead of
 * queueing until everyone times out. `/api/health` is let through: it reports what is degraded by itself. 0 turns
 * this off.
 */
export const overloadPlugin = fp<{ maxEventLoopDelayMs: number }>(
  async (app, opts) => {
    if (opts.maxEventLoopDelayMs <= 0) return;
    // Sampled at the threshold's own scale (from 100 ms to 1 s), so a stall is seen soon after it happens.
    const sampleInterval = Math.min(1000, Math.max(100, opts.maxEventLoopDelayMs));
    // Start-up itself (migrations, the demo seed) blocks the loop: its samples say nothing about load, so nothing is
    // shed until two fresh samples have been taken after the server is ready.
    let shedFrom = Infinity;
    app.addHook('onReady', async () => {
      shedFrom = Date.now() + 2 * sampleInterval;
    });
    await app.register(underPressure, {
      maxEventLoopDelay: opts.maxEventLoopDelayMs,
      sampleInterval,
      retryAfter: RETRY_AFTER_SECONDS,
      // A rejection goes to the app's error handler, which answers `{ error: { code: 'overloaded' } }`.
      pressureHandler: (request, reply) => {
        if (Date.now() < shedFrom) return;
        if (request.url === '/api/health' || request.url.startsWith('/api/health?')) return;
        reply.header('retry-after', String(RETRY_AFTER_SECONDS));
        return Promise.reject(errors.overloaded());
      },
    });
  },
  { name: 'overload' },
);
