import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { Awareness } from 'y-protocols/awareness';

/** A presence update beyond what one connection may send: too many client ids, or a state too large. */
export class PresenceAbuse extends Error {}

/** Who may speak for which awareness client ids, as seen by the connection that sent an update. */
export interface PresenceClaims {
  /** Whether the connection holds this id. */
  holds(clientId: number): boolean;
  /**
   * Bind this id to the connection if it may claim it with an update at `clock`; false when it may not (another
   * connection holds it, or this is an echo of a presence that left). Throws `PresenceAbuse` past its cap.
   */
  claim(clientId: number, clock: number): boolean;
}

/**
 * Rewrite an awareness update from one connection so that it speaks only for client ids it holds or may claim
 * (`claims`: y-websocket clients echo everyone's presence back, so other ids are dropped silently), keeps each
 * state under `maxStateBytes`, and shows the name the server knows (`name`, or none for an anonymous reader, whom
 * clients then label as such). Null when nothing is left. Throws on a malformed update, `PresenceAbuse` beyond limits.
 */
export function sanitiseAwarenessUpdate(update: Uint8Array, claims: PresenceClaims, name: string | null, maxStateBytes: number): Uint8Array | null {
  const entries: AwarenessEntry[] = [];
  for (const entry of readAwarenessUpdate(update)) {
    const { clientId, clock, json } = entry;
    const state: unknown = JSON.parse(json);
    // Removing a presence nobody gave you is a no-op; showing one binds its id to you.
    if (state === null ? !claims.holds(clientId) : !claims.claim(clientId, clock)) continue;
    const bytes = Buffer.byteLength(json);
    if (bytes > maxStateBytes) throw new PresenceAbuse(`presence state of ${bytes} bytes`);
    entries.push({ clientId, clock, json: JSON.stringify(withName(state, name)) });
  }
  return entries.length === 0 ? null : writeAwarenessUpdate(entries);
}

/**
 * The part of a presence update from another instance that this room should apply: not the ids one of its own
 * connections holds (`heldHere`). An entry showing a presence again at the clock this room last saw for it (a
 * client that reconnected to the other instance under its id) is let through by forgetting that clock, as a claim
 * does locally (see `Room.claimAwareness`). Null when nothing is left; throws on a malformed update.
 */
export function presenceFromElsewhere(update: Uint8Array, awareness: Awareness, heldHere: (clientId: number) => boolean): Uint8Array | null {
  const entries = readAwarenessUpdate(update).filter(({ clientId }) => !heldHere(clientId));
  for (const { clientId, clock, json } of entries) {
    const seen = awareness.meta.get(clientId);
    if (seen?.clock === clock && json !== 'null' && !awareness.states.has(clientId)) awareness.meta.delete(clientId);
  }
  return entries.length === 0 ? null : writeAwarenessUpdate(entries);
}

/** One client's entry in an awareness update: its id, its clock and its state as JSON (`null` when it left). */
interface AwarenessEntry {
  clientId: number;
  clock: number;
  json: string;
}

function readAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    entries.push({ clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), json: decoding.readVarString(decoder) });
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes in awareness update');
  return entries;
}

function writeAwarenessUpdate(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.json);
  }
  return encoding.toUint8Array(encoder);
}

function withName(state: unknown, name: string | null): unknown {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return state;
  const user = (state as { user?: unknown }).user;
  if (typeof user !== 'object' || user === null || Array.isArray(user)) return state;
  const { name: _claimed, ...rest } = user as Record<string, unknown>;
  return { ...state, user: name === null ? rest : { ...rest, name } };
}
