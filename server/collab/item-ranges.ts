import * as Y from 'yjs';

/** Yjs items inserted by one change: from client `client`, clocks `from` (included) to `to` (excluded). */
export type ItemRange = [client: number, from: number, to: number];

/** A document's state vector: the next clock of each client it has items from. */
export function stateVector(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** The items inserted between two state vectors of one document (`after` knows all that `before` does). */
export function insertedBetween(before: Map<number, number>, after: Map<number, number>): ItemRange[] {
  const ranges: ItemRange[] = [];
  for (const [client, clock] of after) {
    const from = before.get(client) ?? 0;
    if (clock > from) ranges.push([client, from, clock]);
  }
  return ranges;
}

/** `ranges` with `more` added, a client's touching or overlapping ranges joined into one. */
export function joinRanges(ranges: readonly ItemRange[], more: readonly ItemRange[]): ItemRange[] {
  const sorted = [...ranges, ...more].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const joined: ItemRange[] = [];
  for (const [client, from, to] of sorted) {
    const last = joined[joined.length - 1];
    if (last && last[0] === client && from <= last[2]) last[2] = Math.max(last[2], to);
    else joined.push([client, from, to]);
  }
  return joined;
}
