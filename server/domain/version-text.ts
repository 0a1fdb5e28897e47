import type * as Y from 'yjs';
import type { Node } from 'prosemirror-model';
import type { Domain } from './context.js';
import type { Rulebook } from './rulebooks.js';
import { releaseState, versionView } from './releases.js';
import { readState, richText } from '../export/sources.js';
import { Memo } from '../export/memo.js';
import { blockHtml, plainBlockHtml } from '../pages/html.js';
import { readDraftDoc } from '../../shared/doc/ydoc.js';
import { blocksText, draftView, richBlocks } from '../../shared/doc/view.js';
import type { DraftView } from '../../shared/validation/api.js';

/** One paragraph of an article: its plain text (as in the JSON view) and its HTML with bold, italic and lists. */
export interface Paragraph {
  text: string;
  html: string;
}

/** A version's JSON view, with the preamble and each article (by id) cut into paragraphs. */
export interface VersionText {
  view: DraftView;
  preamble: Paragraph[];
  articles: Record<string, Paragraph[]>;
}

const paragraph = (block: Node): Paragraph => ({ text: blocksText([block]), html: blockHtml(block).value });

/**
 * Paragraphs of a text: the blocks of the document when they read as the view's text (a release's view and state
 * agree), else the view's blocks (separated by a blank line) without their formatting.
 */
function paragraphs(blocks: Node[] | undefined, text: string): Paragraph[] {
  const rich = richBlocks(blocks, text);
  if (rich) return rich.map(paragraph);
  return text.split(/\n{2,}/).filter((b) => b.trim()).map((b) => ({ text: b, html: plainBlockHtml(b).value }));
}

/**
 * Cut a version into paragraphs. Paragraphs are an article's top-level blocks: a paragraph, or a whole list (its
 * items are not numbered apart), so "§2" means the same block in the JSON, the pages and the citations.
 */
function readVersionText(doc: Node, view: DraftView = draftView(doc)): VersionText {
  const { preamble, articles: blocks } = richText(doc);
  const articles: Record<string, Paragraph[]> = {};
  for (const a of view.articles) articles[a.id] = paragraphs(blocks.get(a.id), a.text);
  return { view, preamble: paragraphs(preamble, view.preamble), articles };
}

// One function, so the live draft's room computes it once per version of the document (`Room.viewOf`).
const readDraftText = (ydoc: Y.Doc) => readVersionText(readDraftDoc(ydoc));

/** Releases never change: their paragraphs are cut once. */
const releaseTexts = new Memo<VersionText>(64);

/** A version (a release, or `draft`) cut into paragraphs; `release_not_found` for an unknown release. */
export async function versionText(ctx: Domain, rulebook: Rulebook, version: string): Promise<VersionText> {
  if (version === 'draft') return ctx.docs.view(rulebook.id, readDraftText);
  const view = await versionView(ctx, rulebook, version);
  const state = await releaseState(ctx, rulebook, version);
  return releaseTexts.get(`${rulebook.id} ${version}`, () => readVersionText(readState(state), view));
}
