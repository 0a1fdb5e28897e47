import * as Y from 'yjs';
import type { Node } from 'prosemirror-model';
import { hashVersion } from '../domain/releases.js';
import { readDraftDoc } from '../../shared/doc/ydoc.js';
import { childrenOf, draftView } from '../../shared/doc/view.js';
import { resolveRefs } from '../../shared/doc/refs.js';
import type { DraftView } from '../../shared/validation/api.js';

/**
 * A version as the server hands it to a worker: a release's frozen view with its fingerprint (and the Yjs state it
 * was cut from, for its formatting), or only the live draft's Yjs state, which the worker reads itself so the
 * server's thread never walks a large document.
 */
export type VersionSource = { view: DraftView; sha256: string; state: Uint8Array | null } | { view: null; state: Uint8Array };

/** The formatted blocks (bold, italic, lists) of a version's preamble and articles, by article id. */
export interface RichText {
  preamble: Node[];
  articles: Map<string, Node[]>;
}

/** A version's view, fingerprint and formatted text. */
export interface ResolvedVersion {
  view: DraftView;
  sha256: string;
  rich: RichText | null;
}

/** The formatted blocks of a rulebook document's preamble and of each article's body, by id, references resolved. */
export function richText(doc: Node): RichText {
  const rich: RichText = { preamble: [], articles: new Map() };
  resolveRefs(doc).forEach((node) => {
    if (node.type.name === 'preamble') rich.preamble = childrenOf(node);
    else if (node.type.name === 'article') rich.articles.set(node.attrs.id as string, childrenOf(node).slice(1));
  });
  return rich;
}

/** The rulebook document a Yjs state holds. */
export function readState(state: Uint8Array): Node {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, state);
  const doc = readDraftDoc(ydoc);
  ydoc.destroy();
  return doc;
}

/** Read a source: the view and fingerprint as given (or from the state), the formatting from the state when there is one. */
export function resolveVersion(source: VersionSource): ResolvedVersion {
  if (source.view) return { view: source.view, sha256: source.sha256, rich: source.state ? richText(readState(source.state)) : null };
  const doc = readState(source.state);
  const view = draftView(doc);
  return { view, sha256: hashVersion(view).sha256, rich: richText(doc) };
}
