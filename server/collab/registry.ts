import type * as Y from 'yjs';
import { Room, type RoomOptions } from './room.js';
import type { EditJournalOptions } from './edit-journal.js';
import type { StorageFailure } from './room-storage.js';
import type { UpdateLog } from './update-log.js';
import type { Db, Tx } from '../db/handle.js';
import { errors } from '../errors.js';

/** While Redis carries updates, loaded drafts read the log back every this many seconds (every second while it does not). */
const CATCH_UP_TICKS = 5;

/** Origin of transactions made by the server itself (imports, repairs, accepted amendments). */
export const SERVER_ORIGIN = Symbol('server');

/** A loaded draft whose updates cannot be written, as the health check reports it. */
export interface DraftStorageFailure extends StorageFailure {
  rulebookId: string;
}

/** How rooms are kept: how they persist, and how long one nobody uses stays loaded. */
export interface RegistryOptions extends RoomOptions {
  /** A room nobody holds is unloaded once unused this long (0: at once), so reads in a row share one Y.Doc. */
  idleMs?: number;
}

/**
 * Keeps one loaded Room per rulebook while anyone uses it and for `idleMs` after its last use, then unloads it
 * (compacting its log). A room whose updates cannot be written stays loaded, retrying, and is unloaded once they are.
 */
export class DocRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly options: RoomOptions;
  private readonly idleMs: number;
  /** Rooms nobody holds, waiting out their idle period: when each was last used, and the timer that checks. */
  private readonly idle = new Map<Room, { lastUsed: number; timer: NodeJS.Timeout }>();
  /** The read-back of loaded drafts, when other instances share the database. */
  private readonly poll: NodeJS.Timeout | null = null;
  /** Rooms being read from storage. */
  private readonly loading = new Map<string, Promise<Room>>();
  /** Rooms whose updates are being written before they unload. */
  private readonly unloading = new Set<Room>();

  constructor(
    private readonly log: UpdateLog,
    { idleMs = 0, ...options }: RegistryOptions,
  ) {
    this.idleMs = idleMs;
    const { fanout } = options;
    if (fanout) {
      // The log is the truth and Redis the fast path: each loaded draft reads back what other instances logged,
      // every few seconds, and every second while Redis is unreachable.
      let tick = 0;
      this.poll = setInterval(() => {
        if (fanout.connected && ++tick % CATCH_UP_TICKS !== 0) return;
        for (const room of this.rooms.values()) room.catchUpNow().catch((err: unknown) => options.onReadBackFailed?.(err, room));
      }, 1000).unref();
    }
    this.options = {
      ...options,
      onRecovered: (room) => {
        options.onRecovered(room);
        // Later, not from inside the write that just succeeded: an idle room waiting for it can now unload.
        queueMicrotask(() => this.release(room));
      },
    };
  }

  /** Be told of every change to a loaded draft, whatever made it (an edit here, another instance's, a server-side edit). */
  onChange(listener: (rulebookId: string) => void): void {
    this.options.changed = listener;
  }

  /** Journal the edits made over connections in every room loaded from now on (server/collab/edit-journal.ts). */
  journalEdits(journal: EditJournalOptions): void {
    this.options.journal = journal;
  }

  /**
   * The room of a rulebook, loading it from storage when it is not in memory (one load, however many ask at once),
   * held for the caller: `release` it when done.
   */
  async open(rulebookId: string): Promise<Room> {
    let room = this.rooms.get(rulebookId);
    if (!room) {
      let loading = this.loading.get(rulebookId);
      if (!loading) {
        loading = Room.load(rulebookId, this.log, this.options).then((loaded) => {
          this.rooms.set(rulebookId, loaded);
          return loaded;
        });
        this.loading.set(rulebookId, loading);
        void loading.finally(() => this.loading.delete(rulebookId)).catch(() => undefined);
      }
      room = await loading;
    }
    room.holds++;
    return room;
  }

  /** The loaded room of a rulebook, if any (not held). */
  loadedRoom(rulebookId: string): Room | undefined {
    return this.rooms.get(rulebookId);
  }

  /** Let go of a room `open` held. */
  letGo(room: Room): void {
    room.holds--;
    this.release(room);
  }

  /**
   * Unload a room once no connection and no server-side edit holds it, its idle period has passed and its updates
   * are written (never throws).
   */
  release(room: Room): void {
    if (room.peers.size > 0 || room.holds > 0 || this.rooms.get(room.rulebookId) !== room) return;
    if (this.idleMs > 0) {
      const waiting = this.idle.get(room);
      if (waiting) waiting.lastUsed = performance.now();
      else this.idle.set(room, { lastUsed: performance.now(), timer: setTimeout(() => this.unloadIfIdle(room), this.idleMs).unref() });
      return;
    }
    this.unload(room);
  }

  /** At the end of an idle timer: unload the room, or wait again if it was used (or is held) meanwhile. */
  private unloadIfIdle(room: Room): void {
    const waiting = this.idle.get(room);
    if (!waiting) return;
    this.idle.delete(room);
    const rest = waiting.lastUsed + this.idleMs - performance.now();
    if (room.peers.size > 0 || room.holds > 0) return; // released again when they let go
    if (rest > 1) this.idle.set(room, { lastUsed: waiting.lastUsed, timer: setTimeout(() => this.unloadIfIdle(room), rest).unref() });
    else this.unload(room);
  }

  private unload(room: Room): void {
    if (this.rooms.get(room.rulebookId) !== room || this.unloading.has(room)) return;
    this.unloading.add(room);
    void room.settle().then((settled) => {
      this.unloading.delete(room);
      // Someone may have opened it while it was being written.
      if (!settled || room.peers.size > 0 || room.holds > 0 || this.rooms.get(room.rulebookId) !== room) return;
      this.rooms.delete(room.rulebookId);
      room.destroy();
    });
  }

  /**
   * Run `fn` on a rulebook's Y.Doc (loading it if needed); changes are broadcast and persisted like any edit. A
   * change that cannot be written at once fails with `storage_unavailable` (it stays queued, written on recovery).
   */
  withDoc<T>(rulebookId: string, fn: (doc: Y.Doc) => T): Promise<T> {
    return this.holding(rulebookId, async (room) => {
      let changed = false;
      const onUpdate = () => (changed = true);
      room.doc.on('update', onUpdate);
      let value: T;
      try {
        value = fn(room.doc);
      } finally {
        room.doc.off('update', onUpdate);
      }
      if (changed && !(await room.flush())) throw errors.storageUnavailable();
      return value;
    });
  }

  /** What `read` makes of a rulebook's Y.Doc, computed once per version of the document (see `Room.viewOf`). */
  view<T>(rulebookId: string, read: (doc: Y.Doc) => T): Promise<T> {
    return this.holding(rulebookId, (room) => room.viewOf(read));
  }

  /**
   * Edit a rulebook's draft as one unit with a SQL transaction on `db` (see `Room.editDurably`): the edit is
   * logged inside the transaction and reaches the live draft and its peers only once it commits.
   */
  editDurably<T>(db: Db, rulebookId: string, edit: (doc: Y.Doc, tx: Tx) => Promise<T>): Promise<T> {
    return this.holding(rulebookId, (room) => room.editDurably(db, edit));
  }

  /** Whether a rulebook's draft is currently in memory. */
  isLoaded(rulebookId: string): boolean {
    return this.rooms.has(rulebookId);
  }

  /** Every loaded room. */
  loaded(): Room[] {
    return [...this.rooms.values()];
  }

  /** The loaded drafts whose updates cannot be written now. */
  storageFailures(): DraftStorageFailure[] {
    return this.loaded().flatMap((room) => {
      const failure = room.storageFailure;
      return failure ? [{ rulebookId: room.rulebookId, ...failure }] : [];
    });
  }

  /** Persist what can be and unload every room (at shutdown; what cannot be written is reported through `onError`). */
  async closeAll(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    for (const { timer } of this.idle.values()) clearTimeout(timer);
    this.idle.clear();
    await Promise.allSettled([...this.loading.values()]);
    for (const room of this.rooms.values()) {
      // Lost here, the updates are still in their writers' providers, which resend them to the next server.
      if (!(await room.settle())) this.options.onError(new Error('draft updates left unwritten at shutdown'), room);
      room.destroy();
    }
    this.rooms.clear();
  }

  private async holding<T>(rulebookId: string, fn: (room: Room) => Promise<T> | T): Promise<T> {
    const room = await this.open(rulebookId);
    try {
      return await fn(room);
    } finally {
      this.letGo(room);
    }
  }
}
