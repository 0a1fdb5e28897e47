import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import type { UpdateLog } from './update-log.js';
import { RoomStorage, type StorageFailure } from './room-storage.js';
import { isStorageError } from '../db/errors.js';
import type { Fanout } from '../cluster/fanout.js';
import { presenceFromElsewhere } from './awareness.js';
import { EditJournal, type Editor, type EditJournalOptions } from './edit-journal.js';
import { lockFor, sharedWithOthers, type Db, type Tx } from '../db/handle.js';
import { errors } from '../errors.js';
import { CloseCode, CollabMessage, SyncStep } from '../../shared/protocol.js';

/** How long the last clock of a presence whose holder left is kept (as long as awareness keeps a silent state). */
const ECHO_WINDOW_MS = 30_000;
/** Origin of transactions that replay stored updates while loading (they are not logged again). */
const LOAD_ORIGIN = Symbol('load');
/** Origin of updates already in the log when applied (durable server-side edits): broadcast, not logged again. */
const LOGGED_ORIGIN = Symbol('logged');
/** Origin of updates another instance logged, read back from the log: broadcast, not logged again. */
const CAUGHT_UP_ORIGIN = Symbol('caught up');
/** Origin of presence changes heard from another instance: shown here, not told back. */
const ELSEWHERE_ORIGIN = Symbol('elsewhere');
/** Origin of the removal of a presence whose holder left this instance: told to the others. */
const LEFT_ORIGIN = Symbol('left');

/** What a room needs to know about one connected client. */
export interface RoomPeer {
  /** Send an encoded protocol message to this client. */
  send(message: Uint8Array): void;
  /** Close this client's connection with a named code. */
  close(code: CloseCode): void;
  /** Awareness client ids this connection controls, removed when it leaves. */
  readonly awarenessIds: Set<number>;
  /** Who writes through this connection: its edits are journaled under their name (`EditJournal`). */
  readonly editor?: Editor | null;
}

/** Options controlling how a room persists. */
export interface RoomOptions {
  flushDelayMs: number;
  compactAfter: number;
  /** Told when a room starts failing to write its updates, and when compacting fails. */
  onError: (err: unknown, room: Room) => void;
  /** Told when a room that was failing to write its updates writes them again. */
  onRecovered: (room: Room) => void;
  /** Journal the edits made over connections (direct edits of the draft), if set. */
  journal?: EditJournalOptions;
  /** The other instances, when there are: told of each update once written, and heard from. */
  fanout?: Fanout;
  /** Told when reading back what other instances logged fails (it is tried again at the next read-back). */
  onReadBackFailed?: (err: unknown, room: Room) => void;
  /** Told of every change to the document after it loaded, whatever its origin (read when it happens). */
  changed?: (rulebookId: string) => void;
}

/** Encode a sync "update" message. */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, CollabMessage.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

function encodeSyncReply(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, CollabMessage.sync);
  encoding.writeVarUint(encoder, SyncStep.step2);
  encoding.writeVarUint8Array(encoder, update);
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
 * and persisting each change to it through a `RoomStorage`. While its updates cannot be written the room
 * refuses writes: it closes the connections whose edits wait in memory with `storageUnavailable` (their
 * providers resend whatever the server lacks when they reconnect) and `acceptsWrites` turns false.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly peers = new Set<RoomPeer>();
  /** Awareness client id → the peer that first showed a presence under it; bound until that peer leaves. */
  private readonly awarenessHolders = new Map<number, RoomPeer>();
  /** Holds by server-side edits in progress; the room stays loaded while any exist. */
  holds = 0;
  /** The sync reply carrying the whole document, one buffer sent to every newcomer until the next change. */
  private fullSyncCache: Uint8Array | null = null;
  /** Views of the document (`viewOf`) computed since its last change, by the function that computes them. */
  private readonly views = new Map<(doc: Y.Doc) => unknown, unknown>();
  private readonly storage: RoomStorage;
  /** Peers that sent an update: told when their edits cannot be written. */
  private readonly writers = new WeakSet<RoomPeer>();
  /** The client id of durable server-side edits, its own so that applying them back is an ordinary update. */
  private readonly editorClientId = new Y.Doc().clientID;
  private readonly journal: EditJournal | null;
  private readonly fanout: Fanout | null;
  private unwatch: (() => void) | null = null;
  /** The catch-up outside a transaction in progress, if any. */
  private catchingUp: Promise<void> | null = null;
  /** The last row of the log this room has read (its own rows are read back too, harmlessly). */
  private lastSeq: number;
  /** The durable server-side edit in progress (they run one at a time). */
  private editing: Promise<void> = Promise.resolve();

  /** Load a rulebook's room from its update log. */
  static async load(rulebookId: string, log: UpdateLog, options: RoomOptions): Promise<Room> {
    return new Room(rulebookId, log, options, await log.load(rulebookId));
  }

  private constructor(
    readonly rulebookId: string,
    private readonly log: UpdateLog,
    options: RoomOptions,
    stored: { updates: Uint8Array[]; rows: number; lastSeq: number },
  ) {
    this.awareness.setLocalState(null);
    this.lastSeq = stored.lastSeq;
    this.doc.transact(() => stored.updates.forEach((u) => Y.applyUpdate(this.doc, u)), LOAD_ORIGIN);
    this.storage = new RoomStorage(rulebookId, log, options, async (tx) => {
      await this.catchUp(tx);
      return Y.encodeStateAsUpdate(this.doc);
    }, {
      failed: (err) => {
        options.onError(err, this);
        for (const peer of this.peers) if (this.writers.has(peer)) peer.close(CloseCode.storageUnavailable);
      },
      recovered: () => options.onRecovered(this),
      compactFailed: (err) => options.onError(err, this),
      written: (batch) => this.fanout?.publishUpdate(rulebookId, batch),
    }, stored.rows);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === LOAD_ORIGIN) return;
      this.fullSyncCache = null;
      this.views.clear();
      options.changed?.(rulebookId);
      if (origin !== LOGGED_ORIGIN && origin !== CAUGHT_UP_ORIGIN) this.storage.add(update);
      if (this.peers.has(origin as RoomPeer)) this.writers.add(origin as RoomPeer);
      this.broadcast(encodeSyncUpdate(update), origin);
    });
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      this.broadcast(encodeAwareness(this.awareness, changed), null);
      if (origin === ELSEWHERE_ORIGIN || !this.fanout) return;
      // Only the presence shown here: what came from elsewhere, and timed out here, is the other instance's to tell.
      const ours = origin === LEFT_ORIGIN ? changed : changed.filter((id) => this.awarenessHolders.has(id));
      if (ours.length) this.fanout.publishPresence(rulebookId, awarenessProtocol.encodeAwarenessUpdate(this.awareness, ours));
    });
    this.journal = options.journal ? new EditJournal(this.doc, rulebookId, options.journal) : null;
    this.fanout = options.fanout ?? null;
    if (this.fanout) {
      this.unwatch = this.fanout.watchRoom(rulebookId, {
        update: (update) => Y.applyUpdate(this.doc, update, CAUGHT_UP_ORIGIN),
        presence: (update) => this.showPresenceFromElsewhere(update),
        presenceWanted: () => this.tellPresence(),
      });
      this.fanout.askPresence(rulebookId);
      // What was logged between reading the log and hearing the others.
      this.catchUpNow().catch((err: unknown) => options.onReadBackFailed?.(err, this));
    }
  }

  /**
   * The sync reply (step 2) to a client holding `stateVector`: what it is missing. Clients that hold nothing yet
   * (every reader arriving) share one encoded buffer until the next change.
   */
  syncReplyFor(stateVector: Uint8Array): Uint8Array {
    if (Y.decodeStateVector(stateVector).size > 0) return encodeSyncReply(Y.encodeStateAsUpdate(this.doc, stateVector));
    return (this.fullSyncCache ??= encodeSyncReply(Y.encodeStateAsUpdate(this.doc)));
  }

  /**
   * What `read` makes of the document, computed once per version of it (any update forgets every view) and
   * frozen, since every caller until the next change shares it.
   */
  viewOf<T>(read: (doc: Y.Doc) => T): T {
    if (this.views.has(read)) return this.views.get(read) as T;
    const view = deepFreeze(read(this.doc));
    this.views.set(read, view);
    return view;
  }

  /** Send a message to every peer except `except`. */
  broadcast(message: Uint8Array, except: unknown): void {
    for (const peer of this.peers) if (peer !== except) peer.send(message);
  }

  /**
   * Whether a peer may claim an awareness client id with an update at `clock`: nobody holds it (and it is not the
   * room's own), and the clock is later than the one its last holder left, which every client that saw it echoes
   * back. The same clock claims it only as a peer's first id: a provider reconnecting under its id.
   */
  mayClaimAwareness(clientId: number, clock: number, peer: RoomPeer): boolean {
    if (this.awarenessHolders.has(clientId) || clientId === this.awareness.clientID) return false;
    const last = this.awareness.meta.get(clientId)?.clock;
    return last === undefined || clock > last || (clock === last && peer.awarenessIds.size === 0);
  }

  /** Bind an awareness client id to `peer` until it leaves: nobody else speaks for it, whatever clock they send. */
  claimAwareness(clientId: number, peer: RoomPeer): void {
    this.awarenessHolders.set(clientId, peer);
    peer.awarenessIds.add(clientId);
    this.awareness.meta.delete(clientId); // the new holder's clock starts over
  }

  /** Remove a peer, the presence it showed and its hold on those ids (again: nothing happens). */
  leave(peer: RoomPeer): void {
    this.peers.delete(peer);
    const ids = [...peer.awarenessIds];
    if (ids.length === 0) return;
    peer.awarenessIds.clear();
    ids.forEach((id) => this.awarenessHolders.delete(id));
    awarenessProtocol.removeAwarenessStates(this.awareness, ids, LEFT_ORIGIN);
    // Their last clocks stay a while, so that echoes of their presence cannot claim the ids; then they go.
    const now = Date.now();
    for (const [id, meta] of this.awareness.meta) {
      const left = !this.awarenessHolders.has(id) && !this.awareness.states.has(id) && id !== this.awareness.clientID;
      if (left && now - meta.lastUpdated > ECHO_WINDOW_MS) this.awareness.meta.delete(id);
    }
  }

  /** Show the presence another instance told of, except for ids a connection here holds (a malformed one is dropped). */
  private showPresenceFromElsewhere(update: Uint8Array): void {
    let elsewhere: Uint8Array | null;
    try {
      elsewhere = presenceFromElsewhere(update, this.awareness, (id) => this.awarenessHolders.has(id));
    } catch {
      return;
    }
    if (elsewhere) awarenessProtocol.applyAwarenessUpdate(this.awareness, elsewhere, ELSEWHERE_ORIGIN);
  }

  /** Tell the other instances of every presence shown here (one of them has just loaded this room). */
  private tellPresence(): void {
    const shown = [...this.awarenessHolders.keys()].filter((id) => this.awareness.states.has(id));
    if (shown.length) this.fanout?.publishPresence(this.rulebookId, awarenessProtocol.encodeAwarenessUpdate(this.awareness, shown));
  }

  /** Whether the room takes writes: false while its updates cannot be written (writers are then closed). */
  get acceptsWrites(): boolean {
    return this.storage.failing === null;
  }

  /** Why this room cannot write its updates, or null while it can. */
  get storageFailure(): StorageFailure | null {
    return this.storage.failing;
  }

  /** Write pending updates to the log now; resolves to whether nothing is left unwritten (never rejects). */
  flush(): Promise<boolean> {
    return this.storage.flush();
  }

  /**
   * A server-side edit durable with a SQL transaction: `edit` runs inside `db.transaction` on a copy of the
   * document, the update it makes is appended to the log in that same transaction, and only once it commits is
   * the update applied to the room and broadcast. If `edit` or the commit throws, the room is untouched and
   * nothing is sent. Such edits run one at a time, each on a copy taken after the previous one applied, so each
   * sees the last. Fails with `storage_unavailable` while earlier updates cannot be written, or when the transaction
   * cannot be written.
   */
  editDurably<T>(db: Db, edit: (doc: Y.Doc, tx: Tx) => Promise<T>): Promise<T> {
    const turn = this.editing.then(() => this.editNow(db, edit));
    this.editing = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async editNow<T>(db: Db, edit: (doc: Y.Doc, tx: Tx) => Promise<T>): Promise<T> {
    if (!(await this.storage.flush())) throw errors.storageUnavailable();
    // Direct edits in progress are recorded first, so the history reads in the order things happened.
    await this.journal?.flush();
    let committed: { value: T; update: Uint8Array | null };
    try {
      committed = await db.transaction(async (tx) => {
        // Commands on this rulebook wait for each other, here and on other instances.
        await lockFor(tx, this.rulebookId);
        await this.catchUp(tx);
        const copy = new Y.Doc({ gc: this.doc.gc });
        copy.clientID = this.editorClientId;
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
        const updates: Uint8Array[] = [];
        copy.on('update', (update: Uint8Array) => updates.push(update));
        try {
          const value = await edit(copy, tx);
          const update = updates.length === 0 ? null : Y.mergeUpdates(updates);
          if (update) await this.storage.appendWith(tx, update);
          return { value, update };
        } finally {
          copy.destroy();
        }
      });
    } catch (err) {
      this.storage.restore();
      if (isStorageError(err)) throw errors.storageUnavailable();
      throw err;
    }
    if (committed.update) {
      Y.applyUpdate(this.doc, committed.update, LOGGED_ORIGIN);
      this.storage.logged();
      this.fanout?.publishUpdate(this.rulebookId, committed.update);
    }
    return committed.value;
  }

  /**
   * Inside a transaction holding the rulebook's lock, when other instances write the same database: apply what they
   * logged since this room last looked, so that a decision or a compaction starts from the whole document.
   */
  private async catchUp(tx: Tx): Promise<void> {
    if (sharedWithOthers(tx)) await this.readBack(tx);
  }

  /**
   * Outside any transaction: apply what other instances logged since this room last looked (their messages may have
   * been lost, or Redis be down). Reads of the log see a prefix of it, since appends hold the rulebook's lock.
   */
  catchUpNow(): Promise<void> {
    this.catchingUp ??= this.readBack(null).finally(() => (this.catchingUp = null));
    return this.catchingUp;
  }

  private async readBack(tx: Tx | null): Promise<void> {
    const { updates, lastSeq } = await this.log.since(tx, this.rulebookId, this.lastSeq);
    if (updates.length > 0) this.doc.transact(() => updates.forEach((u) => Y.applyUpdate(this.doc, u)), CAUGHT_UP_ORIGIN);
    this.lastSeq = Math.max(this.lastSeq, lastSeq);
  }

  /**
   * Write everything before unloading; resolves to whether the room may be unloaded (nothing is left unwritten).
   * Never rejects: a room whose updates cannot be written stays loaded and keeps retrying.
   */
  async settle(): Promise<boolean> {
    await this.journal?.flush();
    return this.storage.settle();
  }

  /** Free the document (after `settle`, or at shutdown whatever it returned). */
  destroy(): void {
    this.unwatch?.();
    this.journal?.dispose();
    this.storage.dispose();
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/**
 * Freeze a view's plain objects and arrays, deeply. Instances of classes (a ProseMirror node, whose type leads to
 * the shared schema and its caches) are left as they are: immutable by their own contract, and not ours to freeze.
 */
function deepFreeze<T>(value: T): T {
  const plain = Array.isArray(value) || (typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value)));
  if (plain && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
