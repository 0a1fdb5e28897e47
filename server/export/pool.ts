import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { AppError, errors } from '../errors.js';
import type { RenderJob, RenderResult } from './render-task.js';

/** How many PDFs lay out at once, and how many may wait for a thread before exports are refused. */
export interface PoolSize {
  threads: number;
  queue: number;
}

/** One thread fewer than the cores (the event loop keeps one), at least one, at most four; sixteen waiting. */
export const DEFAULT_POOL_SIZE: PoolSize = { threads: Math.max(1, Math.min(4, availableParallelism() - 1)), queue: 16 };

/** Seconds a client refused with `export_busy` is told to wait (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Worker threads (piscina) that lay PDFs out off the event loop, bounded in concurrency and in queue length. The
 * threads start with the first export, so a server that never exports never pays for them, and idle ones do not
 * keep the process alive.
 */
export class ExportPool {
  private pool: Piscina | null = null;

  constructor(readonly size: PoolSize = DEFAULT_POOL_SIZE) {}

  /** Lay out a job in a worker; `export_busy` when the queue is full, the budget's coded errors as they were raised. */
  async render(job: RenderJob): Promise<Buffer> {
    const pool = (this.pool ??= new Piscina({
      filename: new URL('./render-worker.mjs', import.meta.url).href,
      minThreads: this.size.threads,
      maxThreads: this.size.threads,
      maxQueue: this.size.queue,
      idleTimeout: 60_000,
    }));
    if (pool.queueSize >= this.size.queue) throw errors.exportBusy();
    const result = (await pool.run(job)) as RenderResult;
    if (!result.ok) throw new AppError(result.status, result.code, result.message);
    return Buffer.from(result.pdf.buffer, result.pdf.byteOffset, result.pdf.byteLength);
  }

  /** Stop the threads (waiting jobs are rejected). */
  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = null;
  }
}
