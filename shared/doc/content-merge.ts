import type { Node } from 'prosemirror-model';
import { mergeTokens } from './merge.js';
import { blocksFromKeys, contentTokens } from './content-tokens.js';

/** A three-way merge of article bodies: the merged blocks, and how many stretches both sides changed differently. */
export interface ContentMerge {
  blocks: Node[];
  conflicts: number;
}

const keys = (blocks: readonly Node[]) => contentTokens(blocks).map((t) => t.key);

/**
 * Three-way merge of an article body, token by token with marks and list structure (see `ContentToken`): words,
 * formatting and paragraphs changed on one side are taken, on both sides alike once; where both changed the same
 * tokens differently the merge keeps `ours` (the draft as it is now, so a merge never undoes it) and counts a
 * conflict. Null when a side rewrote too much to merge token by token.
 */
export function mergeContent(base: readonly Node[], ours: readonly Node[], theirs: readonly Node[]): ContentMerge | null {
  const merged = mergeTokens(keys(base), keys(ours), keys(theirs));
  return merged && { blocks: blocksFromKeys(merged.tokens), conflicts: merged.conflicts.length };
}
