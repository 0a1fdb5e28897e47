import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import type { UpdateLog } from './update-log.js';
import { CollabMessage } from '../../shared/protocol.js';

/** Origin of transactions that replay stored updates while loading (they are not logged again). */
const LOAD_ORIGIN = Symbol('load');

/** What a room needs to know about one connected client. */
export interface RoomPeer {
  /** Send an encoded protocol message to this client. */
  send(message: Uint8Array): void;
  /** Awareness client ids this connection controls, removed when it leaves. */
  readonly awarenessIds: Set<number>;
}

/** Options controlling how a room persists. */
export interface RoomOptions {
  flushDelayMs: number;
  compactAfter: number;
  onError: (err: unknown) => void;
}

/** Encode a sync "update" message. */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, CollabMessage.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Encode an awareness message for the given clients. */
export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, CollabMessage.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/**
 * One rulebook's live draft: a Y.Doc and its awareness shared by every connection, loaded from the update log
 * and persisting each change to it (batched within `flushDelayMs`, compacted after `compactAfter` rows).
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly peers = new Set<RoomPeer>();
  /** Holds by server-side edits in progress; the room stays loaded while any exist. */
  holds = 0;
  private pending: Uint8Array[] = [];
  /** The whole document encoded as one update, reused for every newcomer until the next change. */
  private fullStateCache: Uint8Array | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private loggedRows: number;

  constructor(
    readonly rulebookId: string,
    private readonly log: UpdateLog,
    private readonly options: RoomOptions,
  ) {
    this.awareness.setLocalState(null);
    const stored = log.load(rulebookId);
    this.loggedRows = stored.rows;
    this.doc.transact(() => stored.updates.forEach((u) => Y.applyUpdate(this.doc, u)), LOAD_ORIGIN);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === LOAD_ORIGIN) return;
      this.fullStateCache = null;
      this.pending.push(update);
      this.flushTimer ??= setTimeout(() => this.flush(), this.options.flushDelayMs);
      this.broadcast(encodeSyncUpdate(update), origin);
    });
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      if (origin && this.peers.has(origin as RoomPeer)) {
        const ids = (origin as RoomPeer).awarenessIds;
        added.forEach((id) => ids.add(id));
        removed.forEach((id) => ids.delete(id));
      }
      this.broadcast(encodeAwareness(this.awareness, changed), null);
    });
  }

  /** The update a client holding `stateVector` is missing (cached for clients that hold nothing yet). */
  missingFor(stateVector: Uint8Array): Uint8Array {
    if (Y.decodeStateVector(stateVector).size > 0) return Y.encodeStateAsUpdate(this.doc, stateVector);
    return (this.fullStateCache ??= Y.encodeStateAsUpdate(this.doc));
  }

  /** Send a message to every peer except `except`. */
  broadcast(message: Uint8Array, except: unknown): void {
    for (const peer of this.peers) if (peer !== except) peer.send(message);
  }

  /** Whether an awareness client id is controlled by a peer other than `asker`. */
  ownedByAnother(clientId: number, asker: RoomPeer): boolean {
    for (const peer of this.peers) if (peer !== asker && peer.awarenessIds.has(clientId)) return true;
    return false;
  }

  /** Remove a peer and the presence it controlled. */
  leave(peer: RoomPeer): void {
    this.peers.delete(peer);
    if (peer.awarenessIds.size) awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessIds], null);
  }

  /** Write pending updates to the log now, as one merged row; compact when the log has grown long. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending.length === 1 ? this.pending[0]! : Y.mergeUpdates(this.pending);
    this.pending = [];
    try {
      this.log.append(this.rulebookId, batch);
      if (++this.loggedRows >= this.options.compactAfter) this.compact();
    } catch (err) {
      this.options.onError(err);
    }
  }

  /** Fold the whole log into one snapshot of the current state. */
  compact(): void {
    this.flush();
    this.log.compact(this.rulebookId, Y.encodeStateAsUpdate(this.doc));
    this.loggedRows = 0;
  }

  /** Persist everything and free the document. */
  destroy(): void {
    this.flush();
    if (this.loggedRows > 0) this.compact();
    this.awareness.destroy();
    this.doc.destroy();
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
