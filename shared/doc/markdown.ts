import { defaultMarkdownParser } from 'prosemirror-markdown';
import type { Node } from 'prosemirror-model';
import { rulebookSchema } from '../schema.js';
import { newNodeId } from './ids.js';
import { articlesByNumber, findMentions, type Mention } from './mentions.js';
import { childrenOf, draftView } from './view.js';
import { TextLimit } from '../validation/limits.js';
import { normaliseText, TextKind } from '../validation/text.js';

/** Why a Markdown text cannot be imported. */
export type MarkdownImportError =
  | 'missing_title'
  | 'no_articles'
  | 'title_too_long'
  | 'section_title_too_long'
  | 'article_title_too_long'
  | 'article_too_long'
  | 'preamble_too_long';

/** The document a Markdown text makes, or why it cannot be imported (an expected outcome, not an exception). */
export type MarkdownImportResult = { ok: true; doc: Node } | { ok: false; code: MarkdownImportError; message: string };

/** Ids to reuse for articles whose title is unchanged, keyed by normalised title. */
export type KeptIds = Map<string, string>;

/**
 * A leading "Article 3 –", "Art. 12 :", "Article premier." … in an article heading: numbers are derived from
 * document order, so any number written in the source is dropped.
 */
const ARTICLE_NUMBER = /^\s*(?:article|art\.?)\s+(?:\d+(?:\s*(?:er|re|e|bis|ter))?|premier|première|first|unique)\s*(?:[–—:.-]\s*|$)/i;

/** The title of an article heading without its written number. */
export function stripArticleNumber(heading: string): string {
  return heading.replace(ARTICLE_NUMBER, '').trim();
}

/** Normalise an article title for matching (case, spacing). */
export function titleKey(title: string): string {
  return title.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A heading's text as one normalised line ('' when it shows nothing). */
function headingText(text: string): string {
  const checked = normaliseText(text, TextKind.line, true);
  return checked.ok ? checked.text : '';
}

/** Shorten a quoted text for an error message. */
const excerpt = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

const tooLong = (code: MarkdownImportError, what: string, length: number, limit: number): MarkdownImportResult => ({
  ok: false,
  code,
  message: `${what} is ${length} characters long; the limit is ${limit}.`,
});

/** The first heading, article or preamble of a parsed document that is longer than its limit. */
function overLimit(doc: Node): MarkdownImportResult | null {
  const view = draftView(doc);
  if (view.title.length > TextLimit.rulebookTitle) return tooLong('title_too_long', `The title ("${excerpt(view.title)}")`, view.title.length, TextLimit.rulebookTitle);
  if (view.preamble.length > TextLimit.preamble) return tooLong('preamble_too_long', 'The preamble', view.preamble.length, TextLimit.preamble);
  const section = view.sections.find((s) => s.title.length > TextLimit.sectionTitle);
  if (section) return tooLong('section_title_too_long', `The section heading "${excerpt(section.title)}"`, section.title.length, TextLimit.sectionTitle);
  for (const a of view.articles) {
    if (a.title.length > TextLimit.articleTitle) {
      return tooLong('article_title_too_long', `The title of article ${a.number} ("${excerpt(a.title)}")`, a.title.length, TextLimit.articleTitle);
    }
    if (a.text.length > TextLimit.articleText) return tooLong('article_too_long', `The text of article ${a.number}`, a.text.length, TextLimit.articleText);
  }
  return null;
}

type Json = { type: string; attrs?: Record<string, unknown>; content?: Json[]; text?: string; marks?: { type: string }[] };

/** Convert inline Markdown content to the rulebook schema: keep em/strong, flatten links, code and images. */
function inlineJson(node: Node): Json[] {
  const out: Json[] = [];
  node.forEach((child) => {
    if (child.isText) {
      const marks = child.marks.filter((m) => m.type.name === 'em' || m.type.name === 'strong').map((m) => ({ type: m.type.name }));
      out.push(marks.length ? { type: 'text', text: child.text!, marks } : { type: 'text', text: child.text! });
    } else if (child.type.name === 'hard_break') {
      out.push({ type: 'hard_break' });
    } else if (child.type.name === 'image' && child.attrs.alt) {
      out.push({ type: 'text', text: String(child.attrs.alt) });
    }
  });
  return out;
}

/** Convert one Markdown block to rulebook blocks (blockquotes are unwrapped, rules dropped). */
function blockJson(node: Node): Json[] {
  switch (node.type.name) {
    case 'paragraph':
    case 'heading':
    case 'code_block': {
      const content = node.type.name === 'code_block' ? [{ type: 'text', text: node.textContent }] : inlineJson(node);
      return [{ type: 'paragraph', content: content.filter((c) => c.type !== 'text' || c.text) }];
    }
    case 'bullet_list':
    case 'ordered_list': {
      const items = childrenOf(node).map((item) => {
        const content = childrenOf(item).flatMap(blockJson);
        if (content[0]?.type !== 'paragraph') content.unshift({ type: 'paragraph' });
        return { type: 'list_item', content };
      });
      const attrs = node.type.name === 'ordered_list' ? { order: node.attrs.order ?? 1 } : undefined;
      return [{ type: node.type.name, ...(attrs ? { attrs } : {}), content: items }];
    }
    case 'blockquote':
      return childrenOf(node).flatMap(blockJson);
    default:
      return [];
  }
}

/**
 * Parse a rulebook written in Markdown: the first `# ` heading is the title, text before the first article is
 * the preamble, each `## ` heading starts an article (a written "Article N –" prefix is stripped), and any
 * further `# ` heading is a section heading. Articles whose title matches a key in `keptIds` keep that id.
 * Headings are normalised like any title people write; a title, heading or text over its `TextLimit` is refused.
 */
export function parseRulebookMarkdown(markdown: string, keptIds: KeptIds = new Map()): MarkdownImportResult {
  const source = defaultMarkdownParser.parse(markdown.replace(/\r\n?/g, '\n'));
  let title: string | null = null;
  const preamble: Json[] = [];
  const body: Json[] = [];
  let article: { title: string; blocks: Json[] } | null = null;
  const used = new Set<string>();

  const closeArticle = () => {
    if (!article) return;
    const key = titleKey(article.title);
    const kept = keptIds.get(key);
    const id = kept && !used.has(kept) ? kept : newNodeId('article');
    used.add(id);
    const heading: Json = { type: 'article_title', content: article.title ? [{ type: 'text', text: article.title }] : [] };
    const blocks = article.blocks.length ? article.blocks : [{ type: 'paragraph' }];
    body.push({ type: 'article', attrs: { id }, content: [heading, ...blocks] });
    article = null;
  };

  source.forEach((node) => {
    const level = node.type.name === 'heading' ? (node.attrs.level as number) : 0;
    if (level === 1 && title === null) {
      title = headingText(node.textContent);
    } else if (level === 1) {
      closeArticle();
      const text = headingText(node.textContent);
      body.push({ type: 'section', attrs: { id: newNodeId('section') }, content: text ? [{ type: 'text', text }] : [] });
    } else if (level === 2) {
      closeArticle();
      article = { title: headingText(stripArticleNumber(node.textContent)), blocks: [] };
    } else {
      const blocks = blockJson(node);
      if (article) (article as { blocks: Json[] }).blocks.push(...blocks);
      else preamble.push(...blocks);
    }
  });
  closeArticle();

  if (!title) return { ok: false, code: 'missing_title', message: 'The Markdown must start with a "# Title" heading.' };
  if (!body.some((n) => n.type === 'article')) {
    return { ok: false, code: 'no_articles', message: 'The Markdown has no article: start each one with a "## " heading.' };
  }
  const content: Json[] = [{ type: 'title', content: [{ type: 'text', text: title }] }];
  if (preamble.length) content.push({ type: 'preamble', content: preamble });
  content.push(...body);
  const doc = rulebookSchema.nodeFromJSON({ type: 'doc', content });
  return overLimit(doc) ?? { ok: true, doc };
}

/**
 * The mentions of articles by number in a rulebook written in Markdown, against its own numbering (what an import
 * with references would turn into references); none when it cannot be imported.
 */
export function markdownMentions(markdown: string): Mention[] {
  const parsed = parseRulebookMarkdown(markdown);
  return parsed.ok ? findMentions(parsed.doc, articlesByNumber(parsed.doc)) : [];
}
