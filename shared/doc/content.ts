import { Type } from '@sinclair/typebox';
import { Fragment, type Node } from 'prosemirror-model';
import { rulebookSchema } from '../schema.js';
import { TextLimit } from '../validation/limits.js';
import { childrenOf } from './view.js';

/** A mark on a run of text, as ProseMirror writes it in JSON. */
export interface MarkJson {
  type: 'strong' | 'em';
}

/** A node of an article's body in ProseMirror's JSON form (rulebook schema). */
export interface BlockJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: BlockJson[];
  text?: string;
  marks?: MarkJson[];
}

/**
 * An article's body as structured content: the ProseMirror JSON of its blocks (paragraphs, bullet and ordered
 * lists, text with bold and italic, line breaks), in the rulebook schema. Amendments store it, so formatting
 * survives proposal, diff, merge, release and PDF.
 */
export type ArticleContent = BlockJson[];

/**
 * A node of a body in a request, described one level deep: its type, and the nodes it holds. The structure (lists
 * hold items, items start with a paragraph, only bold and italic) is checked against the rulebook schema itself
 * (`contentToBlocks`), which a schema spelled out level by level would only repeat, at a cost: compiled for every
 * route that takes a body, it made the server's start more than a second slower.
 */
const NodeBody = Type.Object(
  {
    type: Type.String({ maxLength: 32, description: 'A node type of the rulebook schema: paragraph, bullet_list, ordered_list, list_item, text, hard_break, article_ref' }),
    attrs: Type.Optional(
      Type.Object(
        {
          order: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
          target: Type.Optional(Type.String({ maxLength: 32, description: 'article_ref: the id of the article referred to' })),
          word: Type.Optional(Type.String({ maxLength: 24, description: 'article_ref: the word before the number ("article")' })),
          label: Type.Optional(Type.String({ maxLength: 12, description: 'article_ref: the number as written when the reference was made' })),
          n: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: 'article_ref: a number resolved for display; ignored' })),
        },
        { additionalProperties: false },
      ),
    ),
    text: Type.Optional(Type.String({ maxLength: TextLimit.amendmentText })),
    marks: Type.Optional(Type.Array(Type.Object({ type: Type.Union([Type.Literal('strong'), Type.Literal('em')]) }, { additionalProperties: false }), { maxItems: 2 })),
    content: Type.Optional(Type.Array(Type.Object({ type: Type.String({ maxLength: 32 }) }, { additionalProperties: true, description: 'Nodes inside, of the same shape' }), { maxItems: 5000 })),
  },
  { additionalProperties: false },
);

/** The schema of an `ArticleContent` in a request: blocks of the rulebook schema, bounded in number and size. */
export const ArticleContentBody = Type.Unsafe<ArticleContent>(
  Type.Array(NodeBody, {
    minItems: 1,
    maxItems: 2000,
    description: 'The body as ProseMirror JSON blocks (paragraph, bullet_list, ordered_list; marks strong, em; hard_break; article_ref), checked against the rulebook schema',
  }),
);

/** The schema of an `ArticleContent` in a reply: blocks as they were checked when sent, serialised as they are. */
export const ArticleContentReply = Type.Unsafe<ArticleContent>(
  Type.Array(Type.Object({ type: Type.String({ maxLength: 32 }) }, { additionalProperties: true, description: 'A block in ProseMirror JSON (see the request schema)' })),
);

/** Blocks as structured content. */
export function blocksToContent(blocks: readonly Node[]): ArticleContent {
  return blocks.map((block) => block.toJSON() as BlockJson);
}

/** The blocks of structured content, or null when it does not fit the rulebook schema (an article body). */
export function contentToBlocks(content: ArticleContent): Node[] | null {
  try {
    const blocks = content.map((json) => rulebookSchema.nodeFromJSON(json));
    if (!blocks.length || blocks.some((block) => !block.isBlock || block.type.name === 'article_title')) return null;
    // Through an article, so the schema's content rules (lists hold items, items start with a paragraph) are checked.
    const { article, article_title } = rulebookSchema.nodes;
    article!.create(null, [article_title!.create(), ...blocks]).check();
    // fromArray joins adjacent text with the same marks, so equal bodies have equal JSON.
    return blocks.map((block) => normalised(block));
  } catch {
    return null;
  }
}

/** A block rebuilt with its adjacent same-marked text joined. */
function normalised(node: Node): Node {
  if (node.isLeaf) return node;
  return node.copy(Fragment.fromArray(childrenOf(node).map(normalised)));
}

/** The body blocks (after its title) of article `articleId` in a rulebook document, or null when it is absent. */
export function articleBlocks(doc: Node, articleId: string): Node[] | null {
  let found: Node[] | null = null;
  doc.forEach((node) => {
    if (!found && node.type.name === 'article' && node.attrs.id === articleId) found = childrenOf(node).slice(1);
  });
  return found;
}
