// Presence told by another instance: what a room applies of it (server/collab/awareness.ts).
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { presenceFromElsewhere } from '../server/collab/awareness.js';

/** An awareness update, as the other instance encodes it, for a client showing `state` at its `clock`. */
function told(clientId: number, clock: number, state: unknown): Uint8Array {
  const other = new Awareness(new Y.Doc());
  other.states.set(clientId, state as Record<string, unknown>);
  other.meta.set(clientId, { clock, lastUpdated: Date.now() });
  const update = encodeAwarenessUpdate(other, [clientId]);
  other.destroy();
  return update;
}

describe('presence told by another instance', () => {
  it('shows again, at the same clock, a client that left one instance and came back on the other', () => {
    const here = new Awareness(new Y.Doc());
    applyAwarenessUpdate(here, told(7, 3, { user: { name: 'Léa' } }), 'elsewhere');
    removeAwarenessStates(here, [7], 'elsewhere');
    expect(here.states.has(7)).toBe(false);

    // Without forgetting the clock, awareness would ignore a state at the clock it has already seen.
    const update = presenceFromElsewhere(told(7, 3, { user: { name: 'Léa' } }), here, () => false);
    applyAwarenessUpdate(here, update!, 'elsewhere');
    expect(here.states.get(7)).toEqual({ user: { name: 'Léa' } });
    here.destroy();
  });

  it('leaves out the ids a connection here holds, and applies the rest by their clocks', () => {
    const here = new Awareness(new Y.Doc());
    applyAwarenessUpdate(here, told(8, 5, { user: { name: 'held here' } }), 'peer');
    expect(presenceFromElsewhere(told(8, 9, { user: { name: 'spoofed' } }), here, (id) => id === 8)).toBeNull();
    applyAwarenessUpdate(here, presenceFromElsewhere(told(9, 2, { user: { name: 'Yanis' } }), here, (id) => id === 8)!, 'elsewhere');
    // An older state of a client shown here already is not let through.
    applyAwarenessUpdate(here, presenceFromElsewhere(told(9, 1, { user: { name: 'stale' } }), here, () => false)!, 'elsewhere');
    expect(here.states.get(8)).toEqual({ user: { name: 'held here' } });
    expect(here.states.get(9)).toEqual({ user: { name: 'Yanis' } });
    here.destroy();
  });

  it('refuses a malformed update', () => {
    expect(() => presenceFromElsewhere(new Uint8Array([1, 2]), new Awareness(new Y.Doc()), () => false)).toThrow();
  });
});
