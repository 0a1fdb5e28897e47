/**
 * Mentions of articles by number in a rulebook's text ("see article 12", "l'article 1er", "articles 3 et 4"), found
 * so that they can be turned into references (`article_ref`) that follow renumbering.
 */
import type { Node } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import { rulebookSchema } from '../schema.js';
import { articleNumbers } from './refs.js';

/** A mention of an article by its number, found in a paragraph's text. */
export interface Mention {
  /** Where the words to replace start and end in the document ("article 12"; for a later number of a list, "et 4"). */
  from: number;
  to: number;
  /** The words as written. */
  text: string;
  /** The number mentioned, and the id of the article that has it. */
  n: number;
  target: string;
  /**
   * The word before the number, as written ("article", "Art."); for a later number of a list ("articles 3 et 4"),
   * what joins it to the list ("et", ","), which a reference reads before its number as it reads "article".
   */
  word: string;
  /** The number as written ("12", "1er", "premier"). */
  label: string;
  /** The mention with a few words around it, on one line ("…see article 12 for the…"). */
  excerpt: string;
  /** Where the list it belongs to starts ("articles 3 et 4"): its own `from` unless it is a later number of one. */
  listFrom: number;
}

const SPACE = '[ \\t\\u00a0\\u202f]';
/** "article", "articles", "art." in any case, not inside a longer word ("particle", "sub-article"). */
const WORD = '(?<![\\p{L}\\p{N}_-])(articles?|art\\.)';
/** A number as written: "12", "1er", "1re", "premier", "première". */
const NUMBER = '([1-9]\\d{0,3}|1(?:er|re)|premier|première)';
/** What cannot follow a number that names a whole article: more of a word or number ("3.2", "12b"), or "bis". */
const NOT_WHOLE = `(?![\\p{L}\\p{N}]|[.,]\\d|${SPACE}+(?:bis|ter|quater)(?![\\p{L}]))`;
/** Another text's article: "article 1240 du Code civil", "Article 6 of the European Convention" (not "of this code"). */
const ELSEWHERE = new RegExp(
  `^${SPACE}+(?:du|de la|de l['’]|des|of the|of|in the)${SPACE}*(?!(?:[\\p{L}-]+${SPACE}+){0,2}(?:présente?s?|present|this|these)(?![\\p{L}]))(?:[\\p{L}-]+${SPACE}+){0,2}(?:code|loi|law|act|décret|decree|constitution|convention|directive|traité|treaty|charte|charter)(?![\\p{L}])`,
  'iu',
);
const HEAD = new RegExp(`${WORD}${SPACE}+${NUMBER}${NOT_WHOLE}`, 'giu');
/** A further number of a list after a plural word, with what precedes it: ", 4", " et 5", " and 5". */
const NEXT = new RegExp(`(?:${SPACE}*(,)${SPACE}*|${SPACE}+(et|and|ou|or|&)${SPACE}+)${NUMBER}${NOT_WHOLE}`, 'yiu');
/** A range ("articles 3 to 5", "3 à 5", "3-5"): the articles between are named too, so it is left as written. */
const RANGE = new RegExp(`^(?:${SPACE}*[-–]|${SPACE}+(?:to|à|au)${SPACE}+)${SPACE}*\\d`, 'iu');

/** The number a label stands for. */
const numberOf = (label: string) => (/^\d+$/.test(label) ? Number(label) : 1);

/** Up to `size` characters of `text` either side of [from, to), cut at a word, with ellipses where cut. */
function excerptOf(text: string, from: number, to: number, size = 30): string {
  let start = Math.max(0, from - size);
  let end = Math.min(text.length, to + size);
  if (start > 0) start = Math.min(text.indexOf(' ', start) + 1 || from, from);
  if (end < text.length) end = Math.max(text.lastIndexOf(' ', end), to);
  const line = text.slice(start, end).replace(/[\s\ufffc]+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${line}${end < text.length ? '…' : ''}`;
}

/** The mentions in one paragraph's text (one character per position, `offset` being where it starts). */
function mentionsInText(text: string, offset: number, articles: ReadonlyMap<number, string>): Mention[] {
  const found: Mention[] = [];
  for (const head of text.matchAll(HEAD)) {
    const numbers = [{ start: head.index, word: head[1]!, label: head[2]! }];
    let end = head.index + head[0].length;
    if (/s$/i.test(head[1]!)) {
      NEXT.lastIndex = end;
      for (let next = NEXT.exec(text); next; next = NEXT.exec(text)) {
        end = NEXT.lastIndex;
        // Its word is what joins it to the list ("et", ","), so that it reads as written with every number.
        numbers.push({ start: next.index + next[0].search(/[^\s]/), word: (next[1] ?? next[2])!, label: next[3]! });
      }
      if (RANGE.test(text.slice(end))) continue;
    }
    if (ELSEWHERE.test(text.slice(end))) continue;
    const excerpt = excerptOf(text, head.index, end);
    for (const { start, word, label } of numbers) {
      const target = articles.get(numberOf(label));
      const to = text.indexOf(label, start + word.length) + label.length;
      if (target) found.push({ from: offset + start, to: offset + to, text: text.slice(start, to), n: numberOf(label), target, word, label, excerpt, listFrom: offset + head.index });
    }
  }
  return found;
}

/**
 * The mentions of articles by number in a rulebook document's paragraphs (headings are left alone), in document
 * order; only numbers that `articles` (number → article id) has count.
 */
export function findMentions(doc: Node, articles: ReadonlyMap<number, string>): Mention[] {
  const found: Mention[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    // One character per position: text, and a placeholder for each inline leaf (a line break, a reference).
    if (node.type.name === 'paragraph') found.push(...mentionsInText(node.textBetween(0, node.content.size, undefined, '\ufffc'), pos + 1, articles));
    return false;
  });
  return found;
}

/** Mentions grouped by list ("articles 3 et 4" is one group), in document order. */
export function mentionLists(mentions: readonly Mention[]): Mention[][] {
  const out: Mention[][] = [];
  for (const m of mentions) {
    const last = out[out.length - 1];
    if (last && last[0]!.listFrom === m.listFrom) last.push(m);
    else out.push([m]);
  }
  return out;
}

/**
 * Replace each of `mentions` (found in `tr.doc`) with a reference to its article, with the marks of its first
 * character; the surrounding text keeps its own.
 */
export function applyMentions<T extends Transform>(tr: T, mentions: readonly Mention[]): T {
  const type = rulebookSchema.nodes.article_ref!;
  for (const m of [...mentions].sort((a, b) => b.from - a.from)) {
    const marks = tr.doc.nodeAt(m.from)?.marks;
    tr.replaceWith(m.from, m.to, type.create({ target: m.target, word: m.word, label: m.label }, null, marks));
  }
  return tr;
}

/** Each article's id, by its number in the document. */
export function articlesByNumber(doc: Node): Map<number, string> {
  return new Map([...articleNumbers(doc)].map(([id, n]) => [n, id]));
}

/** The document with every mention of one of its own articles by number turned into a reference to it. */
export function referMentions(doc: Node): Node {
  const mentions = findMentions(doc, articlesByNumber(doc));
  return mentions.length ? applyMentions(new Transform(doc), mentions).doc : doc;
}
