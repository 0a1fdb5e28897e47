import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as authProtocol from 'y-protocols/auth';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import { CloseCode, closeReason, CollabMessage, READ_ONLY_REASON, SyncStep } from '../../shared/protocol.js';
import { repairNodeIds } from '../../shared/doc/ydoc.js';
import { encodeAwareness, type Room, type RoomPeer } from './room.js';
import { SERVER_ORIGIN } from './registry.js';
import { sanitiseAwarenessUpdate } from './awareness.js';

/** Bytes allowed to wait in a socket's send buffer before the client is dropped as too slow. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/** A message that breaks the protocol; the connection that sent it is closed. */
class MalformedMessage extends Error {}

/** One client connected to a room over the y-websocket protocol, read-only unless `canWrite`. */
export class CollabConnection implements RoomPeer {
  readonly awarenessIds = new Set<number>();
  private deniedWrites = 0;

  constructor(
    private readonly socket: WebSocket,
    private readonly room: Room,
    /** The signed-in person behind this connection, if any. */
    readonly userId: string | null,
    /** Their name, shown to others whatever name their client claims (null for anonymous readers). */
    private readonly displayName: string | null,
    private canWrite: boolean,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Join the room: greet with our state vector (writers only) and everyone's presence. */
  start(): void {
    if (this.canWrite && !this.room.acceptsWrites) {
      // Storage is failing: the writer keeps its edits, and its provider resends them once it can reconnect.
      this.close(CloseCode.storageUnavailable);
      return;
    }
    this.room.peers.add(this);
    if (this.canWrite) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, CollabMessage.sync);
      syncProtocol.writeSyncStep1(encoder, this.room.doc);
      this.send(encoding.toUint8Array(encoder));
    }
    const states = [...this.room.awareness.getStates().keys()];
    if (states.length) this.send(encodeAwareness(this.room.awareness, states));
  }

  /** Change whether this connection may write (after a membership change). */
  setCanWrite(canWrite: boolean): void {
    this.canWrite = canWrite;
  }

  /** Handle one frame from the client; a protocol violation closes this connection and nothing else. */
  receive(data: Uint8Array, isBinary: boolean): void {
    try {
      if (!isBinary) throw new MalformedMessage('text frame');
      this.handle(data);
    } catch (err) {
      this.log.warn({ err: err instanceof Error ? err.message : String(err), rulebook: this.room.rulebookId }, 'closing collab connection: malformed message');
      this.close(CloseCode.malformedMessage);
    }
  }

  private handle(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case CollabMessage.sync:
        this.handleSync(decoder);
        break;
      case CollabMessage.awareness: {
        const update = sanitiseAwarenessUpdate(decoding.readVarUint8Array(decoder), (id) => this.room.ownedByAnother(id, this), this.displayName);
        awarenessProtocol.applyAwarenessUpdate(this.room.awareness, update, this);
        break;
      }
      case CollabMessage.queryAwareness:
        this.send(encodeAwareness(this.room.awareness, [...this.room.awareness.getStates().keys()]));
        break;
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes');
  }

  private handleSync(decoder: decoding.Decoder): void {
    const step = decoding.readVarUint(decoder);
    if (step === SyncStep.step1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, CollabMessage.sync);
      encoding.writeVarUint(encoder, SyncStep.step2);
      encoding.writeVarUint8Array(encoder, this.room.missingFor(stateVector));
      this.send(encoding.toUint8Array(encoder));
      return;
    }
    if (step !== SyncStep.step2 && step !== SyncStep.update) throw new MalformedMessage(`unknown sync step ${step}`);
    const update = decoding.readVarUint8Array(decoder);
    // Decode the whole update before touching the document, so a corrupt one is refused without side effects.
    Y.decodeUpdate(update);
    if (!this.canWrite) {
      this.denyWrite();
      return;
    }
    if (!this.room.acceptsWrites) {
      this.close(CloseCode.storageUnavailable);
      return;
    }
    Y.applyUpdate(this.room.doc, update, this);
    repairNodeIds(this.room.doc, SERVER_ORIGIN);
  }

  /** Refuse a write from a read-only client; tell it once (y-protocols auth message) and keep it connected. */
  private denyWrite(): void {
    if (this.deniedWrites++ > 0) return;
    this.log.info({ rulebook: this.room.rulebookId }, 'refused a write from a read-only collab connection');
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, CollabMessage.auth);
    authProtocol.writePermissionDenied(encoder, READ_ONLY_REASON);
    this.send(encoding.toUint8Array(encoder));
  }

  /** Send a message, dropping the client when it cannot keep up. */
  send(message: Uint8Array): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(CloseCode.slowConsumer);
      return;
    }
    this.socket.send(message, (err) => {
      if (err) this.log.debug({ err: err.message }, 'collab send failed');
    });
  }

  /** Close with a named code. */
  close(code: CloseCode): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, closeReason[code]);
    }
  }
}
