import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { UpdateLog } from '../../server/collab/update-log.js';

/** A folder for a database whose disk a test can fill and free again. */
export interface FillableDisk {
  /** Where to put the database. */
  dir: string;
  /** `tmpfs`: a real small disk is filled; `injected`: the update log's writes fail as on a full disk. */
  kind: 'tmpfs' | 'injected';
  /** Make writes fail for lack of space. */
  fill(): void;
  /** Make room again. */
  free(): void;
  /** Free and remove the folder (and unmount it). */
  dispose(): void;
}

/** The error SQLite raises on a full disk, for injected failures. */
export function diskFullError(): Error {
  return Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
}

function writeUntilFull(fd: number, chunk: Buffer): void {
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
}

/** Mount a small tmpfs on `dir`; false when this process may not (not root, or no mount in the sandbox). */
function mountTmpfs(dir: string): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A disk that fills up for real (a 16 MB tmpfs, filled with a file until ENOSPC) when the tests run as root, or
 * else one whose fullness is injected into the update log (`append` and `compact` throw SQLITE_FULL), so the
 * server meets the failure through the same code path either way. `AMENDO_TEST_DISK=injected` forces the latter.
 */
export function fillableDisk(): FillableDisk {
  const dir = mkdtempSync(join(tmpdir(), 'amendo-disk-'));
  const filler = join(dir, 'filler');
  const restore: Array<() => void> = [];
  const kind = process.env.AMENDO_TEST_DISK !== 'injected' && mountTmpfs(dir) ? 'tmpfs' : 'injected';
  const disk: FillableDisk = {
    dir,
    kind,
    fill() {
      if (kind === 'injected') {
        for (const method of ['append', 'compact'] as const) {
          const spy = vi.spyOn(UpdateLog.prototype, method).mockImplementation(() => {
            throw diskFullError();
          });
          restore.push(() => spy.mockRestore());
        }
        return;
      }
      const fd = openSync(filler, 'w');
      try {
        // Large blocks first, then small ones for the last bytes.
        for (const size of [1 << 16, 512]) writeUntilFull(fd, Buffer.alloc(size, 1));
      } finally {
        closeSync(fd);
      }
    },
    free() {
      restore.splice(0).forEach((undo) => undo());
      if (kind === 'tmpfs') rmSync(filler, { force: true });
    },
    dispose() {
      disk.free();
      if (kind === 'tmpfs') execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return disk;
}
