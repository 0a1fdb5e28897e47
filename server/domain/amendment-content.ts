import type { Node } from 'prosemirror-model';
import { articleBlocks, blocksToContent, contentToBlocks, type ArticleContent, type BlockJson } from '../../shared/doc/content.js';
import { mergeContent } from '../../shared/doc/content-merge.js';
import { mergeWhole } from '../../shared/doc/merge.js';
import { normaliseText, textToBlocks } from '../../shared/doc/text.js';
import { blocksText } from '../../shared/doc/view.js';
import { isNodeId } from '../../shared/doc/ids.js';
import { TextLimit } from '../../shared/validation/limits.js';
import { normaliseText as normaliseUserText, TextKind } from '../../shared/validation/text.js';
import { AppError } from '../errors.js';
import type { AmendmentRow } from './amendments.js';

/** A proposed article body: its blocks, its plain text (the JSON view's form) and the JSON stored. */
export interface ProposedBody {
  blocks: Node[];
  text: string;
  content: string;
}

const invalid = (message: string) => new AppError(400, 'validation_failed', `body/content ${message}`);

/** Controls and line breaks inside a run of text (a line break is a `hard_break` node) become spaces. */
const CONTROLS = /\p{Cc}/gu;

/** Nodes nested deeper than this (lists in lists in lists…) are refused before anything walks them. */
const MAX_DEPTH = 12;

/** Structured content with every text run composed to NFC and stripped of controls; empty runs dropped. */
function cleanContent(nodes: readonly BlockJson[], depth = 0): BlockJson[] {
  if (depth > MAX_DEPTH) throw invalid(`nests lists more than ${MAX_DEPTH / 3} deep`);
  const out: BlockJson[] = [];
  for (const node of nodes) {
    if (node.type === 'article_ref') {
      // The number a reference reads as is never stored: it is the article's wherever it is read.
      const { target = '', word = 'article', label = '' } = (node.attrs ?? {}) as { target?: string; word?: string; label?: string };
      if (!isNodeId(target)) throw invalid('refers to an article by an id that is not one');
      out.push({ type: 'article_ref', attrs: { target, word: word.normalize('NFC').replace(CONTROLS, ' '), label: label.replace(CONTROLS, '') } });
    } else if (node.type === 'text') {
      const text = (node.text ?? '').normalize('NFC').replace(CONTROLS, ' ');
      if (/\p{Cs}/u.test(text)) throw invalid('must not contain an unpaired surrogate (malformed Unicode)');
      if (text) out.push({ ...node, text });
    } else out.push(node.content ? { ...node, content: cleanContent(node.content, depth + 1) } : node);
  }
  return out;
}

/** Blocks as stored (structured content as JSON): equal bodies are equal strings. */
const storedContent = (blocks: readonly Node[]) => JSON.stringify(blocksToContent(blocks));

/**
 * The body of `blocks` as it is proposed: checked against the limits a text body has; its text reads references
 * with the draft's `numbers`, as the article's text in the draft does.
 */
export function checkedBody(blocks: Node[], numbers: ReadonlyMap<string, number>): ProposedBody {
  const text = blocksText(blocks, numbers);
  if (text.length > TextLimit.amendmentText) throw invalid(`is ${text.length} characters long; the limit is ${TextLimit.amendmentText}`);
  if (!normaliseUserText(text, TextKind.block).ok) throw invalid('must not be blank');
  return { blocks, text, content: storedContent(blocks) };
}

/**
 * The body a proposal or an edit sends: its structured `content` (checked against the rulebook schema), or else its
 * plain `text`, read into blocks where unchanged ones keep the formatting they have in `previous` (the article now).
 */
export function proposedBody(input: { content?: ArticleContent; text?: string }, previous: readonly Node[], numbers: ReadonlyMap<string, number>): ProposedBody {
  if (input.content) {
    const blocks = contentToBlocks(cleanContent(input.content));
    if (!blocks) throw invalid('does not fit an article body (paragraphs and lists of paragraphs, bold and italic)');
    return checkedBody(blocks, numbers);
  }
  if (input.text === undefined) throw invalid('is missing: send `content` (or `text`)');
  return checkedBody(textToBlocks(normaliseText(input.text), previous, numbers), numbers);
}

/** An article's body blocks in a draft document as stored JSON (null when the article is absent). */
export function storedBodyOf(doc: Node, articleId: string): string | null {
  const blocks = articleBlocks(doc, articleId);
  return blocks && storedContent(blocks);
}

/** Stored structured content read back (null when absent). */
export function storedBlocks(json: string | null): Node[] | null {
  return json === null ? null : contentToBlocks(JSON.parse(json) as ArticleContent);
}

/** Stored structured content as the API presents it. */
export const presentContent = (json: string | null): ArticleContent | null => (json === null ? null : (JSON.parse(json) as ArticleContent));

/**
 * The body an accepted modification or insertion gives its article, whose text the decision settled (`text`: the
 * proposal, its three-way merge into the article now, or the organiser's resolution). With structured content the
 * formatting follows: the proposal as it is when the article did not change since (text and formatting alike);
 * otherwise the proposal merged token by token, with marks and lists, into the article now — kept when it reads as
 * the text the decision settled. Where it does not (a resolution, or formatting both sides changed), the settled text
 * is read into blocks that keep the formatting of blocks unchanged from the article or the proposal.
 * References read with the draft's `numbers`, as the settled text does.
 */
export function acceptedBlocks(row: AmendmentRow, current: readonly Node[] | null, text: string, resolved: boolean, numbers: ReadonlyMap<string, number>): Node[] {
  const proposed = storedBlocks(row.content);
  const previous = [...(current ?? []), ...(proposed ?? [])];
  if (!proposed || resolved) return textToBlocks(text, previous, numbers);
  if (row.kind === 'insert' || !current) return proposed;
  const currentJson = storedContent(current);
  if (row.baseContent === currentJson) return proposed;
  const base = storedBlocks(row.baseContent);
  const merged = base && mergeContent(base, current, proposed);
  if (merged && normaliseText(blocksText(merged.blocks, numbers)) === normaliseText(text)) return merged.blocks;
  return textToBlocks(text, previous, numbers);
}

/** Whether an article's body differs from an amendment's base in formatting or structure, not only in text. */
export function bodyChangedSince(row: AmendmentRow, current: readonly Node[] | null): boolean {
  return row.baseContent !== null && current !== null && row.baseContent !== storedContent(current);
}

/** An article's title and body blocks. */
export interface Parts {
  title: string;
  blocks: Node[];
}

/**
 * A proposal written from `basedOn` (the wording its author saw) made against the article as it is now: as it is
 * when the article did not change meanwhile, else merged three-way into the current wording, so what changed
 * meanwhile is kept rather than undone by the proposal; null where both changed the same words.
 */
export function rebaseProposal(basedOn: { title: string; content: ArticleContent }, current: Parts, proposed: Parts): Parts | null {
  const from = contentToBlocks(cleanContent(basedOn.content));
  if (!from) throw new AppError(400, 'validation_failed', 'body/basedOn/content does not fit an article body');
  const title = basedOn.title.trim();
  if (title === current.title && storedContent(from) === storedContent(current.blocks)) return proposed;
  const body = mergeContent(from, current.blocks, proposed.blocks);
  const heading = mergeWhole(title, current.title, proposed.title);
  if (!body || body.conflicts > 0 || heading.conflicts.length > 0) return null;
  return { title: heading.text, blocks: body.blocks };
}
