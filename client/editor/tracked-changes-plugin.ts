/** Live tracked changes in the suggestion editor: what the member's copy of an article inserts and deletes. */
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { Node } from 'prosemirror-model';
import { rulebookSchema } from '../../shared/schema.js';
import { trackChanges, type TrackedChange, type TrackedRun } from '../../shared/doc/tracked.js';
import { articleParts, type ArticleWording } from './suggestion-doc.js';

/** The changes of the copy against the wording it started from, in the editor's positions. */
export interface TrackedChanges {
  insertions: number;
  deletions: number;
}

interface TrackedState extends TrackedChanges {
  decorations: DecorationSet;
}

const key = new PluginKey<TrackedState>('amendo-tracked-changes');

const { nodes } = rulebookSchema;
const titleAsBlock = (title: string) => nodes.paragraph!.create(null, title ? rulebookSchema.text(title) : null);

/** The deleted runs as they read before, struck through with their bold and italic (a block of its own between blocks). */
function deletedRuns(runs: readonly TrackedRun[], inline: boolean): HTMLElement {
  const del = document.createElement('del');
  del.className = 'sg-del';
  for (const run of runs) {
    let node: globalThis.Node = document.createTextNode(run.text);
    for (const mark of run.marks) {
      const wrapper = document.createElement(mark === 'strong' ? 'strong' : 'em');
      wrapper.append(node);
      node = wrapper;
    }
    del.append(node);
  }
  if (inline) return del;
  const block = document.createElement('div');
  block.className = 'sg-del-block';
  block.append(del);
  return block;
}

/** Whether a change has words to show: a paragraph turned into a list item changes only its opening, counted as layout. */
const hasText = (change: TrackedChange) => change.runs.some((run) => run.text.trim() !== '');

/** Decorations for one side's changes, `offset` being where the compared fragment starts in the document. */
function decorate(doc: Node, changes: readonly TrackedChange[], offset: number): Decoration[] {
  return changes.map((change) => {
    if (change.op === 'insert') return Decoration.inline(offset + change.from, offset + change.to, { nodeName: 'ins', class: 'sg-ins' });
    const at = offset + change.at;
    const inline = doc.resolve(at).parent.inlineContent;
    const words = change.runs.map((run) => run.text).join('');
    return Decoration.widget(at, () => deletedRuns(change.runs, inline), { side: -1, marks: [], ignoreSelection: true, key: `del:${at}:${words}` });
  });
}

/** The copy's changes against `base`: its title and its body blocks compared apart, each placed in the document. */
function track(doc: Node, base: ArticleWording): TrackedState {
  const { title, blocks, titleAt, bodyAt } = articleParts(doc);
  const titleChanges = trackChanges([titleAsBlock(base.title)], [titleAsBlock(title)]).filter(hasText);
  const bodyChanges = trackChanges(base.blocks, blocks).filter(hasText);
  const all = [...titleChanges, ...bodyChanges];
  return {
    insertions: all.filter((c) => c.op === 'insert').length,
    deletions: all.filter((c) => c.op === 'delete').length,
    // The title's text starts one step inside its node, as a paragraph's does inside the compared fragment.
    decorations: DecorationSet.create(doc, [...decorate(doc, titleChanges, titleAt), ...decorate(doc, bodyChanges, bodyAt)]),
  };
}

/**
 * Shows, as the member types, what their copy inserts (underlined `<ins>`) and deletes (struck-through `<del>`
 * widgets holding the old words, formatting kept) against the article's wording when suggestion mode opened.
 */
export function trackedChangesPlugin(base: ArticleWording): Plugin<TrackedState> {
  return new Plugin<TrackedState>({
    key,
    state: {
      init: (_, state) => track(state.doc, base),
      apply: (tr, previous) => (tr.docChanged ? track(tr.doc, base) : previous),
    },
    props: {
      decorations: (state) => key.getState(state)?.decorations,
    },
  });
}

/** How many insertions and deletions the copy holds (none when the editor tracks nothing, as for a new article). */
export function trackedChanges(state: EditorState): TrackedChanges {
  const tracked = key.getState(state);
  return { insertions: tracked?.insertions ?? 0, deletions: tracked?.deletions ?? 0 };
}
