import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

/**
 * Rewrite an awareness update from one client so that it cannot speak for another connection's client ids
 * (`ownedElsewhere`) and so that the name it shows is the one the server knows (`name`, or none for an
 * anonymous reader, whom clients then label as such). Throws on a malformed update.
 */
export function sanitiseAwarenessUpdate(update: Uint8Array, ownedElsewhere: (clientId: number) => boolean, name: string | null): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const entries: Array<{ clientId: number; clock: number; state: unknown }> = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    if (ownedElsewhere(clientId)) continue;
    entries.push({ clientId, clock, state: withName(state, name) });
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes in awareness update');
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, JSON.stringify(e.state));
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
