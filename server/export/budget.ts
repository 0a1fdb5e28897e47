import { setImmediate as nextTurn } from 'node:timers/promises';
import { errors } from '../errors.js';
import type { DraftView } from '../../shared/validation/api.js';

/** How much one export may take: wall-clock time, pages, and characters of text to lay out. */
export interface ExportLimits {
  timeoutMs: number;
  maxPages: number;
  maxChars: number;
}

/**
 * Far above any real rulebook (the 300-article benchmark: 91 pages, 185,000 characters, about a second on an idle
 * core), low enough that no file exceeds a few megabytes. The deadline is generous because exports run in worker
 * threads (`pool.ts`): it bounds how long one holds a thread and memory, not how long other requests wait.
 */
export const EXPORT_LIMITS: ExportLimits = { timeoutMs: 60_000, maxPages: 2_000, maxChars: 1_000_000 };

/** Longest stretch, in milliseconds, an export holds its thread's event loop (the server's, when called in process). */
const SLICE_MS = 25;

/** One export's account of time and pages against its limits; layout checks it between blocks and pages. */
export class ExportBudget {
  private readonly started = performance.now();
  private lastTurn = this.started;

  constructor(readonly limits: ExportLimits = EXPORT_LIMITS) {}

  /** Refuse, before any diff or layout, versions that together hold more text than the limit. */
  admit(...views: DraftView[]): void {
    const chars = views.reduce((n, v) => n + v.title.length + v.preamble.length + v.sections.reduce((m, s) => m + s.title.length, 0) + v.articles.reduce((m, a) => m + a.title.length + a.text.length, 0), 0);
    if (chars > this.limits.maxChars) throw errors.exportTooLarge(`it holds ${chars} characters of text, more than ${this.limits.maxChars}`);
  }

  /** Throw `export_too_large` past the page limit, `export_timeout` past the deadline. */
  check(pages: number): void {
    if (pages > this.limits.maxPages) throw errors.exportTooLarge(`it needs more than ${this.limits.maxPages} pages`);
    if (performance.now() - this.started > this.limits.timeoutMs) throw errors.exportTimeout(this.limits.timeoutMs);
  }

  /** Check, then let other requests run if this export has held the event loop for more than a slice. */
  async pause(pages: number): Promise<void> {
    this.check(pages);
    if (performance.now() - this.lastTurn < SLICE_MS) return;
    await nextTurn();
    this.lastTurn = performance.now();
  }
}
