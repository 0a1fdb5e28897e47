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
import type { Editor } from './edit-journal.js';
import { SERVER_ORIGIN } from './registry.js';
import { PresenceAbuse, sanitiseAwarenessUpdate, type PresenceClaims } from './awareness.js';
import { TokenBucket } from '../sockets/token-bucket.js';
import { sendBinary } from '../sockets/framed-send.js';
import type { CloseSocket, SocketSupervisor } from '../sockets/supervisor.js';

/** What one connection may send; beyond it, it is closed with a named code. */
export const connectionLimits = {
  /** Awareness client ids one connection may hold: a y-websocket client needs one, a few cover a reconnect overlap. */
  presenceIds: 4,
  /** Largest presence state, in bytes (a name, a colour and a cursor take a few hundred). */
  presenceStateBytes: 4096,
  /** Presence updates for its own ids: a burst, then a rate (a cursor moves with every keystroke). */
  presenceBurst: 100,
  presencePerSecond: 50,
  /** Requests for the document (sync step 1), which a client sends once per connection. */
  fullSyncBurst: 3,
  fullSyncPerSecond: 0.1,
  /**
   * Messages of any kind: generous, because y-websocket clients echo every presence change they receive back (a
   * burst when many people arrive at once); this stops floods, the other limits stop what is costly.
   */
  messageBurst: 5000,
  messagesPerSecond: 1000,
};

/** A message that breaks the protocol or the limits; the connection that sent it is closed with `code`. */
class Violation extends Error {
  constructor(
    readonly code: CloseCode,
    message: string,
  ) {
    super(message);
  }
}

/** Who is behind a connection, as the session cookie read at upgrade says. */
export interface CollabIdentity {
  /** The signed-in person, if any. */
  userId: string | null;
  /** Their name, shown to others whatever name their client claims (null for anonymous readers). */
  displayName: string | null;
  canWrite: boolean;
  /** The session the socket was opened with: the socket is closed when it ends. */
  sessionToken: string | undefined;
}

/**
 * One client connected to a room over the y-websocket protocol, read-only unless allowed to write. Every way
 * it ends (the client leaving, a named close, a failed liveness check, its session ending) goes through one
 * path that leaves the room, then runs `onEnd`.
 */
export class CollabConnection implements RoomPeer {
  readonly awarenessIds = new Set<number>();
  /** The signed-in person behind this connection, if any. */
  readonly userId: string | null;
  /** Whose name this connection's edits are journaled under (signed-in people only). */
  readonly editor: Editor | null;
  private readonly displayName: string | null;
  private canWrite: boolean;
  private open = true;
  private deniedWrites = 0;
  private readonly closeSocket: CloseSocket;
  private readonly messages = new TokenBucket(connectionLimits.messageBurst, connectionLimits.messagesPerSecond);
  private readonly fullSyncs = new TokenBucket(connectionLimits.fullSyncBurst, connectionLimits.fullSyncPerSecond);
  private readonly presenceUpdates = new TokenBucket(connectionLimits.presenceBurst, connectionLimits.presencePerSecond);
  /** The ids this connection holds, and the claim of a free one, bounded by `presenceIds`. */
  private readonly presenceClaims: PresenceClaims = {
    holds: (clientId) => this.awarenessIds.has(clientId),
    claim: (clientId, clock) => {
      if (this.awarenessIds.has(clientId)) return true;
      if (!this.room.mayClaimAwareness(clientId, clock, this)) return false;
      if (this.awarenessIds.size >= connectionLimits.presenceIds) throw new PresenceAbuse(`more than ${connectionLimits.presenceIds} presence ids`);
      this.room.claimAwareness(clientId, this);
      return true;
    },
  };

  constructor(
    private readonly socket: WebSocket,
    private readonly room: Room,
    who: CollabIdentity,
    private readonly sockets: SocketSupervisor,
    private readonly log: FastifyBaseLogger,
    onEnd: () => void,
  ) {
    this.userId = who.userId;
    this.displayName = who.displayName;
    this.editor = who.userId && who.displayName ? { userId: who.userId, name: who.displayName } : null;
    this.canWrite = who.canWrite;
    this.closeSocket = sockets.supervise(socket, who.sessionToken, () => {
      this.open = false;
      room.leave(this);
      onEnd();
    });
  }

  /** Join the room: greet with our state vector (writers only) and everyone's presence. */
  start(): void {
    if (!this.open) return;
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

  /** Handle one frame from the client; a protocol or limit violation closes this connection and nothing else. */
  receive(data: Uint8Array, isBinary: boolean): void {
    if (!this.open) return;
    try {
      if (!this.messages.take()) throw new Violation(CloseCode.rateLimited, 'too many messages');
      if (!isBinary) throw new Violation(CloseCode.malformedMessage, 'text frame');
      this.handle(data);
    } catch (err) {
      const code = err instanceof Violation ? err.code : err instanceof PresenceAbuse ? CloseCode.presenceAbuse : CloseCode.malformedMessage;
      const details = { err: err instanceof Error ? err.message : String(err), rulebook: this.room.rulebookId, user: this.userId, reason: closeReason[code] };
      this.sockets.warnProtocolViolation(this.log, details, 'closing a collab connection that broke the protocol or its limits');
      this.close(code);
    }
  }

  private handle(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case CollabMessage.sync:
        this.handleSync(decoder);
        break;
      case CollabMessage.awareness:
        this.handleAwareness(decoding.readVarUint8Array(decoder));
        break;
      case CollabMessage.queryAwareness:
        if (!this.presenceUpdates.take()) throw new PresenceAbuse('too many presence messages');
        this.send(encodeAwareness(this.room.awareness, [...this.room.awareness.getStates().keys()]));
        break;
      default:
        throw new Violation(CloseCode.malformedMessage, `unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) throw new Violation(CloseCode.malformedMessage, 'trailing bytes');
  }

  private handleSync(decoder: decoding.Decoder): void {
    const step = decoding.readVarUint(decoder);
    if (step === SyncStep.step1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      if (!this.fullSyncs.take()) throw new Violation(CloseCode.rateLimited, 'document requested too often');
      this.send(this.room.syncReplyFor(stateVector));
      return;
    }
    if (step !== SyncStep.step2 && step !== SyncStep.update) throw new Violation(CloseCode.malformedMessage, `unknown sync step ${step}`);
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

  /** Apply the part of a presence update that speaks for this connection's own client ids. */
  private handleAwareness(update: Uint8Array): void {
    const own = sanitiseAwarenessUpdate(update, this.presenceClaims, this.displayName, connectionLimits.presenceStateBytes);
    if (!own) return;
    if (!this.presenceUpdates.take()) throw new PresenceAbuse('too many presence updates');
    awarenessProtocol.applyAwarenessUpdate(this.room.awareness, own, this);
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

  /**
   * Send a message, dropping the client when it cannot keep up. The same buffer goes to every peer of a broadcast,
   * framed once for all of them (`sendBinary`), with no callback: a failed write ends the socket, which ends this
   * connection.
   */
  send(message: Uint8Array): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.sockets.isSlow(this.socket)) {
      this.close(CloseCode.slowConsumer);
      return;
    }
    sendBinary(this.socket, message);
  }

  /** Close with a named code; the connection leaves its room at once (again: nothing happens). */
  close(code: CloseCode): void {
    this.closeSocket(code);
  }
}
