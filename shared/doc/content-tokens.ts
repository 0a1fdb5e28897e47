import type { Node } from 'prosemirror-model';
import { refText, rulebookSchema } from '../schema.js';
import { tokenize } from './diff.js';
import type { BlockJson } from './content.js';

/**
 * An article body read as one sequence of tokens, the unit of its diffs and merges. Each paragraph opens with a
 * token naming its place (top level, or which list, item and nesting depth); then come its words, spaces and
 * punctuation (as the word diff splits them), each with its marks, and its line breaks. Two tokens are the same
 * when their `key`s are equal, so a word made bold is a changed word, and a paragraph turned into a list item a
 * changed paragraph opening.
 */
export interface ContentToken {
  /** What the diff and merge compare. */
  key: string;
  /** The token's text in the plain form of the JSON view (a paragraph opening: its separator and list marker). */
  text: string;
  /** The marks of a word, sorted. */
  marks: string[];
  /** Where it starts and ends, in ProseMirror positions from the start of the blocks (0 = before the first). */
  from: number;
  to: number;
}

const OPEN = '\u0000';
const MARKED = '\u0001';
const MARKS_END = '\u0002';
const BREAK = '\u0003';
const REF = '\u0004';
const REF_PART = '\u0005';
const INDENT = '   ';

/** One level of a paragraph's place: the list type, whether it opens the list, and whether it opens its item. */
interface Level {
  list: 'bullet_list' | 'ordered_list';
  /** For the first item of a list: the list's first number (1 for bullets). */
  first: number | null;
  opensItem: boolean;
}

const LEVEL = /^(ul|ol)(?:!(\d+))?([*+])$/;

function levelKey(level: Level): string {
  const first = level.first === null ? '' : `!${level.first}`;
  return `${level.list === 'bullet_list' ? 'ul' : 'ol'}${first}${level.opensItem ? '*' : '+'}`;
}

function parseLevel(key: string): Level | null {
  const match = LEVEL.exec(key);
  if (!match) return null;
  return { list: match[1] === 'ul' ? 'bullet_list' : 'ordered_list', first: match[2] === undefined ? null : Number(match[2]), opensItem: match[3] === '*' };
}

/** The tokens of an article body's blocks (see `ContentToken`). */
export function contentTokens(blocks: readonly Node[]): ContentToken[] {
  const tokens: ContentToken[] = [];
  // Item numbers of the ordered lists currently open, by depth.
  const numbers: number[] = [];

  const paragraph = (node: Node, pos: number, path: Level[]) => {
    const depth = path.length;
    const last = path[depth - 1];
    // Top-level blocks are a blank line apart, a list's lines one line apart (as in the JSON view's text).
    const startsBlock = depth === 0 || (depth === 1 && last!.first !== null);
    const separator = tokens.length === 0 ? '' : startsBlock ? '\n\n' : '\n';
    let marker = '';
    if (last) {
      const indent = INDENT.repeat(depth - 1);
      if (!last.opensItem) marker = INDENT.repeat(depth);
      else if (last.list === 'bullet_list') marker = `${indent}- `;
      else marker = `${indent}${numbers[depth - 1]}. `;
    }
    const start = pos + 1;
    tokens.push({ key: OPEN + path.map(levelKey).join('/'), text: separator + marker, marks: [], from: start, to: start });
    const lineBreak = `\n${INDENT.repeat(depth)}`;
    node.forEach((child, offset) => {
      const at = start + offset;
      if (child.type.name === 'hard_break') {
        tokens.push({ key: BREAK, text: lineBreak, marks: [], from: at, to: at + 1 });
        return;
      }
      if (child.type.name === 'article_ref') {
        // A reference is the same token whatever number it reads as: the article it names is what it says.
        const { target, word, label } = child.attrs as { target: string; word: string; label: string };
        tokens.push({ key: REF + [target, word, label].join(REF_PART), text: refText(child), marks: [], from: at, to: at + 1 });
        return;
      }
      if (!child.isText) return;
      const marks = child.marks.map((m) => m.type.name).sort();
      const prefix = marks.length ? `${MARKED}${marks.join(',')}${MARKS_END}` : '';
      let from = at;
      for (const word of tokenize(child.text!)) {
        tokens.push({ key: prefix + word, text: word, marks, from, to: from + word.length });
        from += word.length;
      }
    });
  };

  const block = (node: Node, pos: number, path: Level[]) => {
    if (node.type.name === 'paragraph') return paragraph(node, pos, path);
    if (node.type.name !== 'bullet_list' && node.type.name !== 'ordered_list') return;
    const list = node.type.name;
    const depth = path.length;
    node.forEach((item, itemOffset, index) => {
      numbers[depth] = (list === 'ordered_list' ? (node.attrs.order as number) : 1) + index;
      const itemPos = pos + 1 + itemOffset;
      item.forEach((child, childOffset, childIndex) => {
        const level: Level = { list, first: index === 0 && childIndex === 0 ? (list === 'ordered_list' ? (node.attrs.order as number) : 1) : null, opensItem: childIndex === 0 };
        // Ancestors' levels continue their items: only this level opens anything.
        const above = path.map((l) => ({ ...l, first: null, opensItem: false }));
        block(child, itemPos + 1 + childOffset, [...above, level]);
      });
    });
  };

  let pos = 0;
  for (const node of blocks) {
    block(node, pos, []);
    pos += node.nodeSize;
  }
  return tokens;
}

/** The marks of a word's key and its text. */
function splitKey(key: string): { marks: string[]; text: string } {
  if (!key.startsWith(MARKED)) return { marks: [], text: key };
  const end = key.indexOf(MARKS_END);
  return { marks: key.slice(1, end).split(','), text: key.slice(end + 1) };
}

/** A reference's attributes from its key, or null for other keys. */
function refOf(key: string): { target: string; word: string; label: string } | null {
  if (!key.startsWith(REF)) return null;
  const [target = '', word = '', label = ''] = key.slice(1).split(REF_PART);
  return { target, word, label };
}

/** Whether a key stands for a reference to an article. */
export const isRefKey = (key: string) => key.startsWith(REF);

/** Whether a key opens a paragraph. */
export const opensParagraph = (key: string) => key.startsWith(OPEN);

/** The text a key stands for in a diff's runs (a paragraph opening reads as a line break). */
export function keyText(key: string): string {
  if (key.startsWith(OPEN)) return '\n';
  if (key === BREAK) return '\n';
  const ref = refOf(key);
  if (ref) return `${ref.word} ${ref.label}`;
  return splitKey(key).text;
}


interface ListJson {
  type: Level['list'];
  attrs?: { order: number };
  content: { type: 'list_item'; content: BlockJson[] }[];
}

/**
 * Blocks rebuilt from a sequence of token keys, whatever its order (a merge can join any openings and words):
 * words before the first opening go into a paragraph; each opening continues the lists it names where they are
 * open, and opens what it names otherwise; adjacent words with the same marks are joined.
 */
export function blocksFromKeys(keys: readonly string[]): Node[] {
  const blocks: BlockJson[] = [];
  // The lists open at each depth, and the current item's content at each depth.
  let open: ListJson[] = [];
  let current: BlockJson | null = null;

  const openParagraph = (path: Level[]) => {
    const kept: ListJson[] = [];
    let container: BlockJson[] = blocks;
    path.forEach((level, depth) => {
      const existing = open[depth];
      const continues = existing && existing.type === level.list && level.first === null && kept.length === depth;
      let list: ListJson;
      if (continues) list = existing;
      else {
        list = { type: level.list, content: [] };
        if (level.list === 'ordered_list') list.attrs = { order: level.first ?? 1 };
        container.push(list as unknown as BlockJson);
      }
      kept.push(list);
      const last = list.content[list.content.length - 1];
      const item = level.opensItem || !last || !continues ? list.content[list.content.push({ type: 'list_item', content: [] }) - 1]! : last;
      container = item.content;
    });
    open = kept;
    current = { type: 'paragraph', content: [] };
    container.push(current);
  };

  for (const key of keys) {
    if (key.startsWith(OPEN)) {
      const path = key.length > 1 ? key.slice(1).split('/').map(parseLevel) : [];
      openParagraph(path.every((l): l is Level => l !== null) ? path : []);
      continue;
    }
    if (!current) openParagraph([]);
    const content = (current as unknown as BlockJson).content!;
    if (key === BREAK) {
      content.push({ type: 'hard_break' });
      continue;
    }
    const ref = refOf(key);
    if (ref) {
      content.push({ type: 'article_ref', attrs: ref });
      continue;
    }
    const { marks, text } = splitKey(key);
    const previous = content[content.length - 1];
    const sameMarks = previous?.type === 'text' && (previous.marks ?? []).map((m) => m.type).join(',') === marks.join(',');
    if (sameMarks) previous.text += text;
    else content.push(marks.length ? { type: 'text', text, marks: marks.map((type) => ({ type: type as 'strong' | 'em' })) } : { type: 'text', text });
  }
  if (!blocks.length) blocks.push({ type: 'paragraph' });
  return blocks.map((json) => rulebookSchema.nodeFromJSON(json));
}
