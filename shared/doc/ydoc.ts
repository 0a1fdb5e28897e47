import * as Y from 'yjs';
import type { Node } from 'prosemirror-model';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { rulebookSchema, IDENTIFIED_NODES } from '../schema.js';
import { draftView } from './view.js';
import { newNodeId } from './ids.js';
import type { DraftView } from '../validation/api.js';

/** Name of the `Y.XmlFragment` that holds the draft in every rulebook's Y.Doc. */
export const DRAFT_FRAGMENT = 'draft';

/** The draft fragment of a rulebook Y.Doc. */
export function draftFragment(ydoc: Y.Doc): Y.XmlFragment {
  return ydoc.getXmlFragment(DRAFT_FRAGMENT);
}

/** The draft of a Y.Doc as a ProseMirror document. */
export function readDraftDoc(ydoc: Y.Doc): Node {
  return yXmlFragmentToProseMirrorRootNode(draftFragment(ydoc), rulebookSchema);
}

/** The draft of a Y.Doc as the public JSON view. */
export function readDraft(ydoc: Y.Doc): DraftView {
  return draftView(readDraftDoc(ydoc));
}

/** Replace the draft with `doc`, minimally (untouched text keeps its Yjs identity), in one transaction. */
export function writeDraftDoc(ydoc: Y.Doc, doc: Node, origin: unknown): void {
  ydoc.transact(() => {
    updateYFragment(ydoc, draftFragment(ydoc), doc, { mapping: new Map(), isOMark: new Map() });
  }, origin);
}

/**
 * Give a fresh id to every article or section whose id is empty or already used earlier in the document
 * (concurrent inserts, splits and pastes can produce either). Returns how many ids were changed.
 */
export function repairNodeIds(ydoc: Y.Doc, origin: unknown): number {
  const seen = new Set<string>();
  const broken: Y.XmlElement[] = [];
  for (const child of draftFragment(ydoc).toArray()) {
    if (!(child instanceof Y.XmlElement) || !IDENTIFIED_NODES.includes(child.nodeName)) continue;
    const id = child.getAttribute('id');
    if (typeof id !== 'string' || id === '' || seen.has(id)) broken.push(child);
    else seen.add(id);
  }
  if (broken.length > 0) {
    ydoc.transact(() => {
      for (const el of broken) el.setAttribute('id', newNodeId(el.nodeName === 'section' ? 'section' : 'article'));
    }, origin);
  }
  return broken.length;
}
