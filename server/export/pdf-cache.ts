import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A rendered PDF and its entity tag (the SHA-256 of its bytes, quoted). */
export interface CachedPdf {
  pdf: Buffer;
  etag: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The key of a rendering: the SHA-256 of everything it depends on, in a stable serialisation. */
export const cacheKey = (parts: unknown) => sha256(JSON.stringify(parts));

/** Memory the in-process copies may hold, in bytes. */
const MEMORY_BYTES = 64 * 1024 * 1024;

/**
 * PDFs rendered once. Every entry lives in memory, least recently used first out; durable ones (releases and
 * redlines between releases, which never change) are also written to a folder, by the SHA-256 of their bytes
 * (`<sha>.pdf`) with one small file per key naming it (`keys/<key>`), so a restart or another instance sharing the
 * folder serves them without rendering. Concurrent requests for the same key share one rendering.
 */
export class PdfCache {
  private readonly memory = new Map<string, CachedPdf>();
  private memoryBytes = 0;
  private readonly pending = new Map<string, Promise<CachedPdf>>();

  /** `dir`: the folder for durable entries, or null to keep everything in memory. */
  constructor(private readonly dir: string | null) {}

  /** The cached PDF for `key`, else `render()`'s, stored (on disk too when `durable`). */
  through(key: string, durable: boolean, render: () => Promise<Buffer>): Promise<CachedPdf> {
    const hit = this.memory.get(key);
    if (hit) {
      this.remember(key, hit);
      return Promise.resolve(hit);
    }
    let task = this.pending.get(key);
    if (!task) {
      task = this.load(key, durable, render).finally(() => this.pending.delete(key));
      this.pending.set(key, task);
    }
    return task;
  }

  private async load(key: string, durable: boolean, render: () => Promise<Buffer>): Promise<CachedPdf> {
    const stored = durable ? await this.read(key) : null;
    const entry = stored ?? (await this.store(key, durable, await render()));
    this.remember(key, entry);
    return entry;
  }

  private async read(key: string): Promise<CachedPdf | null> {
    if (!this.dir) return null;
    try {
      const sha = (await readFile(join(this.dir, 'keys', key), 'utf8')).trim();
      const pdf = await readFile(join(this.dir, `${sha}.pdf`));
      return sha256(pdf) === sha ? { pdf, etag: `"${sha}"` } : null;
    } catch {
      return null; // not rendered yet (or removed): render it
    }
  }

  private async store(key: string, durable: boolean, pdf: Buffer): Promise<CachedPdf> {
    const sha = sha256(pdf);
    if (durable && this.dir) {
      await mkdir(join(this.dir, 'keys'), { recursive: true });
      // Written aside then renamed, so a reader never sees half a file.
      await writeFile(join(this.dir, `${sha}.pdf.tmp-${process.pid}`), pdf);
      await rename(join(this.dir, `${sha}.pdf.tmp-${process.pid}`), join(this.dir, `${sha}.pdf`));
      await writeFile(join(this.dir, 'keys', `${key}.tmp-${process.pid}`), sha);
      await rename(join(this.dir, 'keys', `${key}.tmp-${process.pid}`), join(this.dir, 'keys', key));
    }
    return { pdf, etag: `"${sha}"` };
  }

  private remember(key: string, entry: CachedPdf): void {
    if (this.memory.delete(key)) this.memoryBytes -= entry.pdf.length;
    if (entry.pdf.length > MEMORY_BYTES / 4) return;
    this.memory.set(key, entry);
    this.memoryBytes += entry.pdf.length;
    for (const [oldest, old] of this.memory) {
      if (this.memoryBytes <= MEMORY_BYTES) break;
      this.memory.delete(oldest);
      this.memoryBytes -= old.pdf.length;
    }
  }
}
