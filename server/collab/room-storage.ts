import * as Y from 'yjs';
import type { Queryable, Tx } from '../db/handle.js';
import type { UpdateLog } from './update-log.js';

/** Wait before the first retry of a failed write; doubled after each further failure, up to `MAX_RETRY_MS`. */
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 2000;

/** Since when, and how, a room has been unable to write its updates. */
export interface StorageFailure {
  since: Date;
  /** Failed attempts so far. */
  attempts: number;
  /** Bytes of updates held in memory until a write succeeds. */
  unwrittenBytes: number;
  error: unknown;
}

/** What a room's storage tells its owner. */
export interface StorageHooks {
  /** A write failed after working (the start of an outage). */
  failed(error: unknown): void;
  /** Writing works again after an outage. */
  recovered(): void;
  /** Compacting failed; the log is left as it was. */
  compactFailed(error: unknown): void;
  /** A batch of updates was written (committed). */
  written(batch: Uint8Array): void;
}

/**
 * Writes one room's updates to the update log, in the order they happened: batched within `flushDelayMs` into
 * one row; a batch whose append fails stays first in line (newer updates join it, never overtake it) and is
 * retried with backoff until it is written. The log is folded into a snapshot after `compactAfter` rows; a failed
 * compaction leaves the log intact and is tried again `compactAfter` rows later.
 */
export class RoomStorage {
  private pending: Uint8Array[] = [];
  private timer: NodeJS.Timeout | null = null;
  private failure: Omit<StorageFailure, 'unwrittenBytes'> | null = null;
  private loggedRows: number;
  private compactAt: number;
  /** The write in progress (writes run one at a time, in order). */
  private writing: Promise<void> = Promise.resolve();
  /** Updates taken from the queue by `appendWith`, until its transaction ends. */
  private held: Uint8Array | null = null;

  constructor(
    private readonly rulebookId: string,
    private readonly log: UpdateLog,
    private readonly options: { flushDelayMs: number; compactAfter: number },
    /** The whole current document, encoded inside a compacting transaction: every logged update included. */
    private readonly currentState: (tx: Tx) => Promise<Uint8Array>,
    private readonly hooks: StorageHooks,
    storedRows: number,
  ) {
    this.loggedRows = storedRows;
    this.compactAt = options.compactAfter;
  }

  /** Why writing fails now, or null while it works. */
  get failing(): StorageFailure | null {
    return this.failure && { ...this.failure, unwrittenBytes: this.pending.reduce((n, u) => n + u.byteLength, 0) };
  }

  /** Queue an update to be written within `flushDelayMs` (or with the next retry while writing fails). */
  add(update: Uint8Array): void {
    this.pending.push(update);
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushDelayMs);
  }

  /** Write queued updates now, as one row, after any write in progress; resolves to whether nothing is left unwritten. */
  flush(): Promise<boolean> {
    const turn = this.writing.then(() => this.write());
    this.writing = turn.then(() => undefined);
    return turn;
  }

  private async write(): Promise<boolean> {
    this.clearTimer();
    if (this.pending.length === 0) return true;
    const batch = this.take();
    try {
      await this.log.append(this.rulebookId, batch);
    } catch (err) {
      this.pending.unshift(batch);
      this.fail(err);
      return false;
    }
    this.logged();
    this.hooks.written(batch);
    if (this.failure) {
      this.failure = null;
      this.hooks.recovered();
    }
    return true;
  }

  /** Take every queued update, merged into one. */
  private take(): Uint8Array {
    const batch = this.pending.length === 1 ? this.pending[0]! : Y.mergeUpdates(this.pending);
    this.pending = [];
    return batch;
  }

  /**
   * Append `update` with `tx`, for an edit that must be durable with that transaction, after whatever is still queued
   * (it came earlier). Call `logged()` once `tx` commits, `restore()` if it does not.
   */
  async appendWith(tx: Queryable, update: Uint8Array): Promise<void> {
    if (this.pending.length > 0) {
      this.held = this.take();
      await this.log.append(this.rulebookId, this.held, tx);
    }
    await this.log.append(this.rulebookId, update, tx);
  }

  /** The transaction given to `appendWith` did not commit: what it took from the queue goes back to its head. */
  restore(): void {
    if (this.held) this.pending.unshift(this.held);
    this.held = null;
  }

  /** Count a row that reached the log, compacting when the log has grown long. */
  logged(): void {
    if (this.held) this.loggedRows++;
    this.held = null;
    this.loggedRows++;
    if (this.loggedRows >= this.compactAt) void this.compact();
  }

  /**
   * Fold every logged row into one snapshot of the current state; resolves to whether it succeeded. The state is read
   * inside the compacting transaction, so it holds every row that transaction folds.
   */
  private async compact(): Promise<boolean> {
    if (!(await this.flush())) return false;
    try {
      await this.log.compact(this.rulebookId, this.currentState);
    } catch (err) {
      this.compactAt = this.loggedRows + this.options.compactAfter;
      this.hooks.compactFailed(err);
      return false;
    }
    this.loggedRows = 0;
    this.compactAt = this.options.compactAfter;
    return true;
  }

  /**
   * Write everything before the document is unloaded; resolves to whether it may be (nothing is left unwritten).
   * A failed compaction does not hold the document: the log it leaves is complete.
   */
  async settle(): Promise<boolean> {
    if (!(await this.flush())) return false;
    if (this.loggedRows > 0) await this.compact();
    return this.pending.length === 0;
  }

  /** Stop retrying (the document is being freed). */
  dispose(): void {
    this.clearTimer();
  }

  private fail(error: unknown): void {
    const first = this.failure === null;
    this.failure = { since: this.failure?.since ?? new Date(), attempts: (this.failure?.attempts ?? 0) + 1, error };
    const delay = Math.min(FIRST_RETRY_MS * 2 ** (this.failure.attempts - 1), MAX_RETRY_MS);
    this.timer = setTimeout(() => void this.flush(), delay);
    if (first) this.hooks.failed(error);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
