import { Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import { Fragment, Slice, type Node } from 'prosemirror-model';
import { ySyncPluginKey } from 'y-prosemirror';
import { IDENTIFIED_NODES } from '../../shared/schema.js';
import { newNodeId } from '../../shared/doc/ids.js';

const isIdentified = (node: Node) => IDENTIFIED_NODES.includes(node.type.name);
const freshId = (node: Node) => newNodeId(node.type.name === 'section' ? 'section' : 'article');

/** The ids of a document's articles and sections. */
function idsIn(doc: Node): Set<string> {
  const ids = new Set<string>();
  doc.forEach((node) => {
    if (isIdentified(node)) ids.add(node.attrs.id as string);
  });
  return ids;
}

/** A copy of pasted content in which every article and section whose id is empty or in `taken` gets a fresh id. */
function withFreshIds(fragment: Fragment, taken: ReadonlySet<string>): Fragment {
  const children: Node[] = [];
  fragment.forEach((child) => {
    const id = child.attrs.id as string | undefined;
    if (isIdentified(child)) children.push(id && !taken.has(id) ? child : child.type.create({ ...child.attrs, id: freshId(child) }, child.content, child.marks));
    else children.push(child.isText || child.childCount === 0 ? child : child.copy(withFreshIds(child.content, taken)));
  });
  return Fragment.from(children);
}

/** Whether a transaction came from this editor rather than from Yjs (remote changes, first render). */
const isLocalEdit = (tr: Transaction) => tr.docChanged && tr.getMeta(ySyncPluginKey) === undefined;

/**
 * Keeps article and section ids unique: pasted copies get fresh ids, while an article cut and pasted back, or dragged
 * elsewhere, keeps its own (its identity: references to it, its history, diffs calling it moved); after any local edit
 * an empty id or an id already used earlier in the document (a split, a copy dropped) is replaced. Remote changes are left to their author and
 * to the server, so two clients never race to repair the same node.
 */
export function idsPlugin(): Plugin {
  return new Plugin({
    key: new PluginKey('amendo-ids'),
    props: {
      // A drag that moves its content (not a copy) takes it out of the document in the same step.
      transformPasted: (slice, view) => new Slice(withFreshIds(slice.content, view.dragging?.move ? new Set() : idsIn(view.state.doc)), slice.openStart, slice.openEnd),
    },
    appendTransaction(transactions, _oldState, state) {
      if (!transactions.some(isLocalEdit)) return null;
      const seen = new Set<string>();
      let repair: Transaction | null = null;
      state.doc.forEach((node, offset) => {
        if (!isIdentified(node)) return;
        const id = node.attrs.id as string;
        if (id && !seen.has(id)) {
          seen.add(id);
          return;
        }
        const fresh = freshId(node);
        seen.add(fresh);
        repair = (repair ?? state.tr).setNodeMarkup(offset, undefined, { ...node.attrs, id: fresh });
      });
      return repair;
    },
  });
}
