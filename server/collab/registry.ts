import type * as Y from 'yjs';
import { Room, type RoomOptions } from './room.js';
import type { UpdateLog } from './update-log.js';

/** Origin of transactions made by the server itself (imports, repairs, accepted amendments). */
export const SERVER_ORIGIN = Symbol('server');

/** Keeps one loaded Room per rulebook while anyone uses it, and unloads it (compacting its log) after. */
export class DocRegistry {
  private readonly rooms = new Map<string, Room>();

  constructor(
    private readonly log: UpdateLog,
    private readonly options: RoomOptions,
  ) {}

  /** The room of a rulebook, loading it from storage when it is not in memory. */
  open(rulebookId: string): Room {
    let room = this.rooms.get(rulebookId);
    if (!room) {
      room = new Room(rulebookId, this.log, this.options);
      this.rooms.set(rulebookId, room);
    }
    return room;
  }

  /** Unload a room once no connection and no server-side edit holds it. */
  release(room: Room): void {
    if (room.peers.size > 0 || room.holds > 0 || this.rooms.get(room.rulebookId) !== room) return;
    this.rooms.delete(room.rulebookId);
    room.destroy();
  }

  /** Run `fn` on a rulebook's Y.Doc (loading it if needed); changes are broadcast and persisted like any edit. */
  withDoc<T>(rulebookId: string, fn: (doc: Y.Doc) => T): T {
    const room = this.open(rulebookId);
    room.holds++;
    try {
      return fn(room.doc);
    } finally {
      room.holds--;
      room.flush();
      this.release(room);
    }
  }

  /** Whether a rulebook's draft is currently in memory. */
  isLoaded(rulebookId: string): boolean {
    return this.rooms.has(rulebookId);
  }

  /** Every loaded room. */
  loaded(): Room[] {
    return [...this.rooms.values()];
  }

  /** Persist and unload every room (at shutdown). */
  closeAll(): void {
    for (const room of this.rooms.values()) room.destroy();
    this.rooms.clear();
  }
}
