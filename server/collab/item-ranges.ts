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

/**
 * Items that carry earlier ones over: from client `client`, clocks `from` to `to`, a copy of the items from
 * `fromClient` at `fromClock` on (an article an organiser moved, deleted and inserted again the same).
 */
export type CarriedRange = [client: number, from: number, to: number, fromClient: number, fromClock: number];

/** A stretch of text held by one Yjs item: the id of its first character, in the `block`-th text block. */
export interface ItemText {
  text: string;
  client: number;
  clock: number;
  block: number;
  /** A reference to an article (one item, read as `\uFFFC`): the article it names, its word and written number. */
  ref?: { target: string; word: string; label: string };
  /** What a reference reads as where it is shown (set by whoever knows the version's numbering). */
  display?: string;
}

/** Text blocks: an article's title, then each paragraph (inside lists too). */
const TEXT_BLOCKS = new Set(['article_title', 'paragraph']);

/**
 * The text items of an article element in order, each with its block. `deleted` includes the items deleted but
 * not yet collected (an element deleted by the transaction being observed); otherwise only the present ones.
 */
export function articleTexts(article: Y.XmlElement, deleted = false): ItemText[] {
  const out: ItemText[] = [];
  let block = -1;
  const walk = (type: Y.XmlElement | Y.XmlText): void => {
    if (type instanceof Y.XmlElement && TEXT_BLOCKS.has(type.nodeName)) block++;
    for (let item = type._start; item; item = item.right) {
      if (item.deleted && !deleted) continue;
      if (item.content instanceof Y.ContentString) out.push({ text: item.content.str, client: item.id.client, clock: item.id.clock, block });
      else if (item.content instanceof Y.ContentType) {
        const child = item.content.type;
        if (child instanceof Y.XmlElement && child.nodeName === 'hard_break') out.push({ text: '\n', client: item.id.client, clock: item.id.clock, block });
        else if (child instanceof Y.XmlElement && child.nodeName === 'article_ref') {
          const { target = '', word = 'article', label = '' } = child.getAttributes() as { target?: string; word?: string; label?: string };
          out.push({ text: '\uFFFC', client: item.id.client, clock: item.id.clock, block, ref: { target, word, label } });
        }
        else if (child instanceof Y.XmlElement || child instanceof Y.XmlText) walk(child);
      }
    }
  };
  walk(article);
  return out;
}

/** The text of items block by block, however Yjs cut it into items. */
function blockText(items: ItemText[]): string {
  let out = '';
  let block = NaN;
  for (const item of items) {
    if (item.block !== block) out += `\u0001${(block = item.block)}\u0000`;
    out += item.text;
  }
  return out;
}

/** How the items of `now` carry those of `was`, when both hold the same text in the same blocks (else none). */
export function carriedTexts(was: ItemText[], now: ItemText[]): CarriedRange[] {
  if (blockText(was) !== blockText(now)) return [];
  const carried: CarriedRange[] = [];
  let w = 0;
  let wOffset = 0;
  for (const item of now) {
    let offset = 0;
    while (offset < item.text.length) {
      const source = was[w]!;
      const length = Math.min(item.text.length - offset, source.text.length - wOffset);
      carried.push([item.client, item.clock + offset, item.clock + offset + length, source.client, source.clock + wOffset]);
      offset += length;
      wOffset += length;
      if (wOffset === source.text.length) [w, wOffset] = [w + 1, 0];
    }
  }
  return carried;
}
