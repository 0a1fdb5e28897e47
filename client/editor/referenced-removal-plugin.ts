/** Notices when an organiser's own edit removes an article that other articles refer to. */
import { Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import type { Node } from 'prosemirror-model';
import { ySyncPluginKey, yUndoPluginKey } from 'y-prosemirror';
import { articleNumbers, referrersOf } from '../../shared/doc/refs.js';

/** An article as the notice names it. */
export interface NamedArticle {
  id: string;
  number: number;
  title: string;
}

/** An article an edit removed (numbered as it was) and the articles still referring to it (numbered as they are now). */
export interface RemovedReferenced extends NamedArticle {
  referrers: NamedArticle[];
}

/** The last removal of referenced articles, and which local edit made it (the notice offers undo until the next). */
export interface Removal {
  articles: RemovedReferenced[];
  edit: number;
}

interface RemovalState {
  removal: Removal | null;
  /** Local edits counted so far. */
  edits: number;
}

/** Key of the plugin; its state says the last removal and whether it is still the last local edit. */
export const referencedRemovalKey = new PluginKey<RemovalState>('amendo-referenced-removal');

function titles(doc: Node): Map<string, string> {
  const found = new Map<string, string>();
  doc.forEach((node) => {
    if (node.type.name === 'article') found.set(node.attrs.id as string, node.firstChild?.textContent ?? '');
  });
  return found;
}

/** The articles of `before` gone from `after` that articles still in `after` refer to, with those referrers. */
export function removedReferenced(before: Node, after: Node): RemovedReferenced[] {
  const was = articleNumbers(before);
  const now = articleNumbers(after);
  if ([...was.keys()].every((id) => now.has(id))) return [];
  const named = titles(before);
  const removed: RemovedReferenced[] = [];
  for (const [id, number] of was) {
    if (now.has(id)) continue;
    const referrers = referrersOf(before, id).flatMap((by) => {
      const n = now.get(by);
      return n === undefined ? [] : [{ id: by, number: n, title: named.get(by) ?? '' }];
    });
    if (referrers.length) removed.push({ id, number, title: named.get(id) ?? '', referrers });
  }
  return removed;
}

/** An edit made in this editor, not a change rendered from Yjs (another person's, or an undo). */
const isLocalEdit = (tr: Transaction) => tr.docChanged && tr.getMeta(ySyncPluginKey) === undefined;

/**
 * Watches the organiser's own edits (a selection deleted, articles joined, anything) for articles removed while
 * others refer to them, and keeps the last such removal in its state. A removal starts a step of its own in the
 * shared undo history, so undoing it (while it is the last edit) puts back just the articles. Install it before
 * the sync plugin, whose view writes the edit to Yjs after this one's view closed the step in progress.
 */
export function referencedRemovalPlugin(): Plugin<RemovalState> {
  return new Plugin<RemovalState>({
    key: referencedRemovalKey,
    state: {
      init: () => ({ removal: null, edits: 0 }),
      apply: (tr, value, old, state) => {
        if (!isLocalEdit(tr)) return value;
        const edits = value.edits + 1;
        const articles = removedReferenced(old.doc, state.doc);
        return { edits, removal: articles.length ? { articles, edit: edits } : value.removal };
      },
    },
    view: () => ({
      update: (view, previous) => {
        const removal = referencedRemovalKey.getState(view.state)!.removal;
        if (removal && removal !== referencedRemovalKey.getState(previous)!.removal) yUndoPluginKey.getState(view.state)?.undoManager.stopCapturing();
      },
    }),
  });
}
