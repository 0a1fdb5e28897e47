import type * as Y from 'yjs';
import type { Node } from 'prosemirror-model';
import type { Domain } from './context.js';
import type { Rulebook } from './rulebooks.js';
import { releaseState } from './releases.js';
import { readState, richText } from '../export/sources.js';
import { readDraftDoc } from '../../shared/doc/ydoc.js';
import type { ArticleBodies } from '../../shared/doc/version-diff.js';

// One function, so the live draft's room reads it once per version of the document (`Room.viewOf`).
const readDraftBodies = (ydoc: Y.Doc) => richText(readDraftDoc(ydoc)).articles;

/** Releases never change: their bodies are read from their Yjs state once (the most recent few kept). */
const releaseBodies = new Map<string, Map<string, Node[]>>();
const RELEASES_KEPT = 32;

/** The formatted article bodies of a version (a release, or `draft`), for diffs that show formatting. */
export async function versionBodies(ctx: Domain, rulebook: Rulebook, version: string): Promise<ArticleBodies> {
  if (version === 'draft') {
    const bodies = await ctx.docs.view(rulebook.id, readDraftBodies);
    return (id) => bodies.get(id);
  }
  const key = `${rulebook.id} ${version}`;
  const held = releaseBodies.get(key) ?? releaseBodiesFrom(rulebook.id, version, await releaseState(ctx, rulebook, version));
  return (id) => held.get(id);
}

/** A release's article bodies read from its Yjs state `state`, once per release. */
export function releaseBodiesFrom(rulebookId: string, version: string, state: Uint8Array): Map<string, Node[]> {
  const key = `${rulebookId} ${version}`;
  let bodies = releaseBodies.get(key);
  if (!bodies) {
    bodies = richText(readState(state)).articles;
    if (releaseBodies.size >= RELEASES_KEPT) releaseBodies.delete(releaseBodies.keys().next().value!);
    releaseBodies.set(key, bodies);
  }
  return bodies;
}
