// The pure half of provenance: which Yjs items make up each article of a version, and which recorded change
// inserted each of them (by client and clock, never by comparing wordings).
import * as Y from 'yjs';
import { draftFragment } from '../../shared/doc/ydoc.js';
import type { ItemRange } from '../collab/item-ranges.js';

/** A stretch of text held by one Yjs item (or a part of it): its first character's id, in block `block`. */
export interface ItemText {
  text: string;
  client: number;
  clock: number;
  block: number;
}

/** One article of a version: the id of its element's item (who created it) and the items of its text, in order. */
export interface ArticleItems {
  id: string;
  number: number;
  element: { client: number; clock: number } | null;
  texts: ItemText[];
}

/** Text blocks: the article's title, then each paragraph (inside lists too). */
const TEXT_BLOCKS = new Set(['article_title', 'paragraph']);

function collectText(type: Y.XmlText, block: number, out: ItemText[]): void {
  for (let item = type._start; item; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentString) out.push({ text: item.content.str, client: item.id.client, clock: item.id.clock, block });
  }
}

/** The items of every article of a draft fragment, articles numbered in document order. */
export function articleItems(doc: Y.Doc): ArticleItems[] {
  const articles: ArticleItems[] = [];
  for (const node of draftFragment(doc).toArray()) {
    if (!(node instanceof Y.XmlElement) || node.nodeName !== 'article') continue;
    const texts: ItemText[] = [];
    let block = -1;
    const walk = (element: Y.XmlElement, inBlock: boolean): void => {
      if (TEXT_BLOCKS.has(element.nodeName)) block++;
      for (const child of element.toArray()) {
        if (child instanceof Y.XmlText) collectText(child, block, texts);
        else if (child instanceof Y.XmlElement && child.nodeName === 'hard_break' && inBlock && child._item) texts.push({ text: '\n', client: child._item.id.client, clock: child._item.id.clock, block });
        else if (child instanceof Y.XmlElement) walk(child, inBlock || TEXT_BLOCKS.has(child.nodeName));
      }
    };
    walk(node, false);
    const id = node._item?.id;
    articles.push({ id: String(node.getAttribute('id') ?? ''), number: articles.length + 1, element: id ? { client: id.client, clock: id.clock } : null, texts });
  }
  return articles;
}

/**
 * Which source inserted an item: ranges of recorded changes, per client, sorted and made disjoint (where two
 * changes claim the same items, the earlier one keeps them). `fallback(client)` answers for items no change covers.
 */
export class ItemAttribution {
  private readonly byClient = new Map<number, { from: number[]; to: number[]; source: number[] }>();

  /** `sources[i]` lists the items of source `i`; sources come oldest first. */
  constructor(sources: readonly (readonly ItemRange[])[], private readonly fallback: (client: number) => number) {
    const all: { client: number; from: number; to: number; source: number }[] = [];
    sources.forEach((ranges, source) => ranges.forEach(([client, from, to]) => all.push({ client, from, to, source })));
    all.sort((a, b) => a.client - b.client || a.from - b.from || a.source - b.source);
    let coveredTo = 0;
    let client = NaN;
    for (const range of all) {
      if (range.client !== client) [client, coveredTo] = [range.client, 0];
      const from = Math.max(range.from, coveredTo);
      if (from >= range.to) continue;
      let lists = this.byClient.get(client);
      if (!lists) this.byClient.set(client, (lists = { from: [], to: [], source: [] }));
      lists.from.push(from);
      lists.to.push(range.to);
      lists.source.push(range.source);
      coveredTo = range.to;
    }
  }

  /** The source of the item `client`/`clock`, and up to which clock the same source goes on (`limit` at most). */
  sourceAt(client: number, clock: number, limit: number): { source: number; until: number } {
    const lists = this.byClient.get(client);
    if (!lists) return { source: this.fallback(client), until: limit };
    // The last range starting at or before `clock`.
    let lo = 0;
    let hi = lists.from.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (lists.from[mid]! <= clock) [found, lo] = [mid, mid + 1];
      else hi = mid - 1;
    }
    if (found >= 0 && clock < lists.to[found]!) return { source: lists.source[found]!, until: Math.min(limit, lists.to[found]!) };
    const next = lists.from[found + 1];
    return { source: this.fallback(client), until: next === undefined ? limit : Math.min(limit, next) };
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
  for (const { text, client, clock, block } of texts) {
    let offset = 0;
    while (offset < text.length) {
      const { source, until } = attribution.sourceAt(client, clock + offset, clock + text.length);
      const piece = text.slice(offset, until - clock);
      const last = runs[runs.length - 1];
      if (last && last.source === source && last.block === block) last.text += piece;
      else runs.push({ text: piece, source, block });
      offset = until - clock;
    }
  }
  return runs;
}
