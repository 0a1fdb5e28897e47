// The pure half of provenance: which Yjs items make up each article of a version, and which recorded change
// inserted each of them (by client and clock, never by comparing wordings).
import * as Y from 'yjs';
import { draftFragment } from '../../shared/doc/ydoc.js';
import { refReading } from '../../shared/schema.js';
import { articleTexts, type CarriedRange, type ItemRange, type ItemText } from '../collab/item-ranges.js';

/** One article of a version: the id of its element's item (who created it) and the items of its text, in order. */
export interface ArticleItems {
  id: string;
  number: number;
  element: { client: number; clock: number } | null;
  texts: ItemText[];
}

/**
 * The items of every article of a draft fragment, articles numbered in document order; a reference to an article
 * reads as that article's number here.
 */
export function articleItems(doc: Y.Doc): ArticleItems[] {
  const articles: ArticleItems[] = [];
  for (const node of draftFragment(doc).toArray()) {
    if (!(node instanceof Y.XmlElement) || node.nodeName !== 'article') continue;
    const id = node._item?.id;
    articles.push({ id: String(node.getAttribute('id') ?? ''), number: articles.length + 1, element: id ? { client: id.client, clock: id.clock } : null, texts: articleTexts(node) });
  }
  const numbers = new Map(articles.map((a) => [a.id, a.number]));
  for (const article of articles) {
    for (const text of article.texts) if (text.ref) text.display = refReading(text.ref, numbers.get(text.ref.target));
  }
  return articles;
}

/** Sorted, disjoint intervals of one client's clocks, each with a value; found by binary search. */
class Intervals<V> {
  readonly from: number[] = [];
  readonly to: number[] = [];
  readonly values: V[] = [];

  /** The index of the interval holding `clock`, or `-(i + 1)` where `i` is the first interval after it. */
  find(clock: number): number {
    let lo = 0;
    let hi = this.from.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.from[mid]! <= clock) [found, lo] = [mid, mid + 1];
      else hi = mid - 1;
    }
    return found >= 0 && clock < this.to[found]! ? found : -(found + 2);
  }
}

/** Per client, disjoint intervals from ranges sorted by start (where two overlap, the first keeps the common part). */
function disjoint<V>(ranges: { client: number; from: number; to: number; value: V }[]): Map<number, Intervals<V>> {
  const byClient = new Map<number, Intervals<V>>();
  let coveredTo = 0;
  let client = NaN;
  for (const range of ranges) {
    if (range.client !== client) [client, coveredTo] = [range.client, 0];
    const from = Math.max(range.from, coveredTo);
    if (from >= range.to) continue;
    let list = byClient.get(client);
    if (!list) byClient.set(client, (list = new Intervals<V>()));
    list.from.push(from);
    list.to.push(range.to);
    list.values.push(range.value);
    coveredTo = range.to;
  }
  return byClient;
}

/**
 * Which source inserted an item: ranges of recorded changes, per client (where two changes claim the same items,
 * the earlier one keeps them). Items a change carried over from earlier ones (a moved article) are those earlier
 * items' own. `fallback(client)` answers for items no change covers.
 */
export class ItemAttribution {
  private readonly inserted: Map<number, Intervals<number>>;
  private readonly carried: Map<number, Intervals<[client: number, clock: number]>>;

  /** `sources[i]` lists the items of source `i`; sources come oldest first. */
  constructor(sources: readonly (readonly (ItemRange | CarriedRange)[])[], private readonly fallback: (client: number) => number) {
    const inserted: { client: number; from: number; to: number; value: number }[] = [];
    const carried: { client: number; from: number; to: number; value: [number, number] }[] = [];
    sources.forEach((ranges, source) => {
      for (const range of ranges) {
        if (range.length === 5) carried.push({ client: range[0], from: range[1], to: range[2], value: [range[3], range[4]] });
        else inserted.push({ client: range[0], from: range[1], to: range[2], value: source });
      }
    });
    const byStart = (a: { client: number; from: number; value: unknown }, b: { client: number; from: number; value: unknown }) => a.client - b.client || a.from - b.from;
    this.inserted = disjoint(inserted.sort((a, b) => byStart(a, b) || a.value - b.value));
    this.carried = disjoint(carried.sort(byStart));
  }

  /** The source of the item `client`/`clock`, and up to which clock the same source goes on (`limit` at most). */
  sourceAt(client: number, clock: number, limit: number): { source: number; until: number } {
    const carries = this.carried.get(client);
    const c = carries ? carries.find(clock) : -1;
    if (carries && c >= 0) {
      // Carried items are as old as those they copy: follow them back (copies always come after their originals).
      const [fromClient, fromClock] = carries.values[c]!;
      const offset = clock - carries.from[c]!;
      const end = Math.min(limit, carries.to[c]!);
      const back = this.sourceAt(fromClient, fromClock + offset, fromClock + offset + (end - clock));
      return { source: back.source, until: clock + (back.until - (fromClock + offset)) };
    }
    const carryAfter = carries ? carries.from[-c - 1] : undefined;
    const bound = carryAfter !== undefined ? Math.min(limit, carryAfter) : limit;
    const list = this.inserted.get(client);
    const i = list ? list.find(clock) : -1;
    if (list && i >= 0) return { source: list.values[i]!, until: Math.min(bound, list.to[i]!) };
    const next = list ? list.from[-i - 1] : undefined;
    return { source: this.fallback(client), until: next !== undefined ? Math.min(bound, next) : bound };
  }
}

/** A stretch of text and the source it came from. */
export interface SourcedRun {
  text: string;
  source: number;
  block: number;
}

/** Cut an article's texts at the boundaries of their sources; neighbouring runs of one source and block are joined. */
export function attributeTexts(texts: readonly ItemText[], attribution: ItemAttribution): SourcedRun[] {
  const runs: SourcedRun[] = [];
  for (const { text, client, clock, block, display } of texts) {
    let offset = 0;
    while (offset < text.length) {
      const { source, until } = attribution.sourceAt(client, clock + offset, clock + text.length);
      // A reference is one item: it reads whole, as it is shown.
      const piece = display ?? text.slice(offset, until - clock);
      const last = runs[runs.length - 1];
      if (last && last.source === source && last.block === block) last.text += piece;
      else runs.push({ text: piece, source, block });
      offset = until - clock;
    }
  }
  return runs;
}
