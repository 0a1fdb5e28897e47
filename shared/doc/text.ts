import type { Node } from 'prosemirror-model';
import { rulebookSchema } from '../schema.js';
import { blocksText } from './view.js';

const BULLET = /^[-*•]\s+/;
const ORDERED = /^(\d+)[.)]\s+/;

function inline(text: string) {
  const parts = text.split('\n');
  const content: Node[] = [];
  parts.forEach((part, i) => {
    if (i > 0) content.push(rulebookSchema.nodes.hard_break!.create());
    if (part) content.push(rulebookSchema.text(part));
  });
  return content;
}

function listItems(lines: string[], marker: RegExp): Node[] {
  return lines.map((line) => rulebookSchema.nodes.list_item!.create(null, rulebookSchema.nodes.paragraph!.create(null, inline(line.replace(marker, '')))));
}

/** Parse one plain-text block (the inverse of the JSON view's `text`): a list when every line is an item. */
function textBlock(block: string): Node {
  const lines = block.split('\n');
  if (lines.every((l) => BULLET.test(l))) return rulebookSchema.nodes.bullet_list!.create(null, listItems(lines, BULLET));
  if (lines.every((l) => ORDERED.test(l))) {
    return rulebookSchema.nodes.ordered_list!.create({ order: Number(ORDERED.exec(lines[0]!)![1]) }, listItems(lines, ORDERED));
  }
  return rulebookSchema.nodes.paragraph!.create(null, inline(block));
}

/**
 * Turn article text in the plain form of the JSON view (blocks separated by a blank line, `- ` / `1. ` list
 * lines) into blocks of the schema. Blocks whose text is unchanged reuse the node from `previous`, so their
 * formatting (emphasis, strong) and references to articles survive (a reference reads as its number in `numbers`).
 */
export function textToBlocks(text: string, previous: readonly Node[] = [], numbers?: ReadonlyMap<string, number>): Node[] {
  const sources = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((b) => b.replace(/^\n+|\s+$/g, ''))
    .filter((b) => b.length > 0);
  const unused = [...previous];
  const blocks = sources.map((source) => {
    const index = unused.findIndex((node) => blocksText([node], numbers) === source);
    return index >= 0 ? unused.splice(index, 1)[0]! : textBlock(source);
  });
  return blocks.length ? blocks : [rulebookSchema.nodes.paragraph!.create()];
}

/** Normalise article text for comparison: line endings, trailing spaces and blank-line runs. */
export function normaliseText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((b) => b.trim())
    .filter(Boolean)
    .join('\n\n');
}
