import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { CollabKind, ServerProcess } from './child-server.js';

/** Message types shared by y-websocket and Hocuspocus (Hocuspocus adds its own above 3). */
const MessageType = { sync: 0, awareness: 1, auth: 2, hocuspocusSyncReply: 4 } as const;
const SyncStep = { step1: 0, step2: 1, update: 2 } as const;
/** Hocuspocus auth sub-message carrying a token from the client. */
const HOCUSPOCUS_AUTH_TOKEN = 0;

/** Origin of updates a client received from the server (they are not sent back). */
const REMOTE = Symbol('remote');

/** An empty Yjs update (no structs, no deletions). */
export const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

/** Who a client is: Amendo reads the session cookie, Hocuspocus the token (`writer` may write). */
export interface ClientIdentity {
  cookie?: string;
  writer?: boolean;
}

/** How the bench reaches one document on one server. */
export interface DocAddress {
  server: ServerProcess;
  doc: string;
}

/** WebSocket URL of a document on a server. */
export function socketUrl({ server, doc }: DocAddress): string {
  const base = server.url.replace(/^http/, 'ws');
  return server.kind === 'amendo' ? `${base}/collab/${doc}` : `${base}/${doc}`;
}

/** Frame a protocol message for a server: Hocuspocus prefixes every message with the document name. */
export function frame(kind: CollabKind, doc: string, body: Uint8Array): Uint8Array {
  if (kind !== 'hocuspocus') return body;
  const e = encoding.createEncoder();
  encoding.writeVarString(e, doc);
  encoding.writeUint8Array(e, body);
  return encoding.toUint8Array(e);
}

/** Encode a y-protocols sync message (`step` with `payload`, a state vector or an update). */
export function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** Options of a bench client. */
export interface BenchClientOptions extends ClientIdentity {
  /** A document to keep in sync (a full client); without one the client only watches the bytes it receives. */
  doc?: Y.Doc;
  /** Called with every document update received (sync step 2 or update), with the time it arrived. */
  onUpdate?: (update: Uint8Array, at: number) => void;
}

/**
 * A lean y-protocols client speaking the y-websocket wire format (or Hocuspocus's, which adds the document
 * name in front of every message and an Auth message before anything else). It answers the server's sync
 * step 1, applies what it receives to `doc` when it has one, and sends `doc`'s local changes.
 */
export class BenchClient {
  readonly ws: WebSocket;
  /** Resolves once the server has answered our sync step 1. */
  readonly synced: Promise<void>;
  /** Resolves with the close code when the socket closes. */
  readonly closed: Promise<{ code: number; reason: string }>;
  isSynced = false;
  /** Bytes received up to and including the server's sync step 2. */
  bytesUntilSynced = 0;
  private readonly kind: CollabKind;
  private readonly docName: string;
  private readonly onLocalUpdate?: (update: Uint8Array, origin: unknown) => void;

  constructor(
    address: DocAddress,
    private readonly options: BenchClientOptions = {},
  ) {
    this.kind = address.server.kind;
    this.docName = address.doc;
    this.ws = new WebSocket(socketUrl(address), options.cookie ? { headers: { cookie: options.cookie } } : {});
    this.ws.binaryType = 'nodebuffer';
    let resolveSynced!: () => void;
    let rejectSynced!: (err: Error) => void;
    this.synced = new Promise((resolve, reject) => {
      resolveSynced = resolve;
      rejectSynced = reject;
    });
    this.synced.catch(() => {});
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code, reason) => {
        if (!this.isSynced) rejectSynced(new Error(`closed before sync: ${code}`));
        resolve({ code, reason: reason.toString() });
      });
    });
    this.ws.on('error', (err) => {
      if (!this.isSynced) rejectSynced(err);
    });
    this.ws.once('open', () => {
      if (this.kind === 'hocuspocus') {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, MessageType.auth);
        encoding.writeVarUint(e, HOCUSPOCUS_AUTH_TOKEN);
        encoding.writeVarString(e, options.writer ? 'writer' : 'reader');
        this.sendMessage(encoding.toUint8Array(e));
      }
      this.sendMessage(syncMessage(SyncStep.step1, options.doc ? Y.encodeStateVector(options.doc) : new Uint8Array([0])));
    });
    this.ws.on('message', (data: Buffer) => {
      const at = performance.now();
      if (!this.isSynced) this.bytesUntilSynced += data.byteLength;
      try {
        this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at, () => resolveSynced());
      } catch {
        // A message this lean client does not understand is ignored.
      }
    });
    if (options.doc) {
      const doc = options.doc;
      this.onLocalUpdate = (update, origin) => {
        if (origin !== REMOTE) this.sendMessage(syncMessage(SyncStep.update, update));
      };
      doc.on('update', this.onLocalUpdate);
    }
  }

  private receive(bytes: Uint8Array, at: number, markSynced: () => void): void {
    const d = decoding.createDecoder(bytes);
    if (this.kind === 'hocuspocus') decoding.readVarString(d);
    const type = decoding.readVarUint(d);
    if (type !== MessageType.sync && type !== MessageType.hocuspocusSyncReply) return;
    const step = decoding.readVarUint(d);
    const payload = decoding.readVarUint8Array(d);
    if (step === SyncStep.step1) {
      const update = this.options.doc ? Y.encodeStateAsUpdate(this.options.doc, payload) : EMPTY_UPDATE;
      this.sendMessage(syncMessage(SyncStep.step2, update));
      return;
    }
    if (this.options.doc) Y.applyUpdate(this.options.doc, payload, REMOTE);
    this.options.onUpdate?.(payload, at);
    if (step === SyncStep.step2 && !this.isSynced) {
      this.isSynced = true;
      markSynced();
    }
  }

  /** Send a protocol message (framed for the server) if the socket is open. */
  sendMessage(body: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame(this.kind, this.docName, body));
  }

  /** Send raw bytes, unframed. */
  sendRaw(data: Uint8Array | string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data);
  }

  /** Close the socket (and stop sending the document's changes). */
  close(): void {
    if (this.onLocalUpdate) this.options.doc!.off('update', this.onLocalUpdate);
    this.ws.close();
  }

  /** Drop the connection without a closing handshake, as a network failure would. */
  drop(): void {
    if (this.onLocalUpdate) this.options.doc!.off('update', this.onLocalUpdate);
    this.ws.terminate();
  }
}

const TILDE = 0x7e;

/**
 * Tags of the bench's edit markers (`~tag~`, tag in [a-z0-9]) found in the bytes of an update. Yjs writes each
 * inserted string contiguously in UTF-8, so a reader can recognise an edit without decoding the update.
 */
export function markerTags(update: Uint8Array): string[] {
  const tags: string[] = [];
  let i = update.indexOf(TILDE);
  while (i >= 0 && i < update.length) {
    let j = i + 1;
    while (j < update.length && ((update[j]! >= 0x30 && update[j]! <= 0x39) || (update[j]! >= 0x61 && update[j]! <= 0x7a))) j++;
    if (j < update.length && update[j] === TILDE && j > i + 1) {
      tags.push(String.fromCharCode(...update.subarray(i + 1, j)));
      i = update.indexOf(TILDE, j + 1);
    } else {
      i = update.indexOf(TILDE, j);
    }
  }
  return tags;
}

/** The text of an edit marker. */
export const marker = (tag: string) => `~${tag}~ `;
