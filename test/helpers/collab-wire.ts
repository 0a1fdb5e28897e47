import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { CollabMessage, SyncStep } from '../../shared/protocol.js';
import { typeInArticle } from './draft.js';

/** A WebSocket driven by hand: the binary messages it received, and how it closed. */
export interface RawSocket {
  ws: WebSocket;
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  received: Uint8Array[];
}

/**
 * Open a WebSocket to `url` sending `cookie` and `origin` at upgrade, without any protocol client behind it;
 * `autoPong: false` makes it a half-open peer that never answers the server's pings.
 */
export function openRawSocket(url: string, opts: { cookie?: string; origin?: string; autoPong?: boolean } = {}): RawSocket {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.origin) headers.origin = opts.origin;
  const ws = new WebSocket(url, { headers, autoPong: opts.autoPong ?? true });
  const received: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.on('error', () => {}); // the close code tells what happened
  opened.catch(() => {}); // a test that never awaits it is told by `closed`
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return { ws, opened, closed, received };
}

/** A sync step 1 from a client holding nothing: a request for the whole document. */
export function syncStep1Message(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, CollabMessage.sync);
  encoding.writeVarUint(encoder, SyncStep.step1);
  encoding.writeVarUint8Array(encoder, new Uint8Array([0]));
  return encoding.toUint8Array(encoder);
}

/** A sync "update" message carrying `update`. */
export function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, CollabMessage.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** One entry of an awareness update: a client id, its clock and its state (null removes it). */
export interface PresenceEntry {
  clientId: number;
  clock: number;
  state: unknown;
}

/** An awareness message written entry by entry, so that a test can send any ids and clocks it likes. */
export function awarenessMessage(entries: PresenceEntry[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, CollabMessage.awareness);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

/** Whether a message from the server is a sync step 2 (an answer to a sync step 1). */
export const isSyncStep2 = (message: Uint8Array) => message[0] === CollabMessage.sync && message[1] === SyncStep.step2;

/** An update typing `text` at the start of an article, made on a copy of `doc` (to send over a raw socket). */
export function craftedEdit(doc: Y.Doc, articleId: string, text: string): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  typeInArticle(copy, articleId, text);
  return Y.encodeStateAsUpdate(copy, before);
}

/** Resolves with the next y-protocols auth message ("permission denied") a socket receives. */
export const nextDenial = (ws: WebSocket) =>
  new Promise<Uint8Array>((resolve) => ws.on('message', (data: Buffer) => data[0] === CollabMessage.auth && resolve(new Uint8Array(data))));
