/** References to articles in an editor: each reads as its article's current number, drawn without storing it. */
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView, type NodeView } from 'prosemirror-view';
import { Fragment, Slice, type Node } from 'prosemirror-model';
import { articleNumbers, referencesIn } from '../../shared/doc/refs.js';
import { refText } from '../../shared/schema.js';
import { createStore, type Store } from '../store.js';
import { revealNode } from './toc.js';

/** Article numbers by id; null while they are not known (nothing is then said to be removed). */
export type ArticleNumbers = ReadonlyMap<string, number> | null;

/** Words a reference needs in the interface language. */
export interface RefLabels {
  /** Title of a reference whose article is gone, e.g. "article 12: the article it referred to was removed". */
  removed(text: string): string;
}

/** How the live draft open on this page reads references: its article numbers, and the words it uses. */
export interface LiveDraftRefs {
  numbers: ReadonlyMap<string, number>;
  labels: () => RefLabels;
}

/**
 * The live draft's references, kept by the draft editor: the suggestion editor, whose document holds one article,
 * reads its references with them (it is a modal over that same draft, which stays mounted under it).
 */
export const liveDraftRefs: Store<LiveDraftRefs | null> = createStore<LiveDraftRefs | null>(null);

/**
 * Where numbers and words come from: the editor's own document (the draft, which then publishes them to
 * `liveDraftRefs`), or `'live-draft'` (the suggestion editor).
 */
export type ArticleRefsSource = { labels: () => RefLabels } | 'live-draft';

interface RefsState {
  numbers: ArticleNumbers;
  /** Counts the redraws asked for: part of every decoration, so that each reference is drawn again. */
  drawn: number;
  decorations: DecorationSet;
}

/** Key of the references plugin; a transaction with this meta redraws them (new numbers from the store, a language). */
export const articleRefsKey = new PluginKey<RefsState>('amendo-article-refs');

/** The same numbers, so that an edit that renumbers nothing keeps the map (and the store notifies nobody). */
function sameNumbers(a: ArticleNumbers, b: ArticleNumbers): boolean {
  if (a === b) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const [id, n] of a) if (b.get(id) !== n) return false;
  return true;
}

/** A node decoration on every reference carrying its article's number (null: removed), which the node view reads. */
function numbered(doc: Node, numbers: ArticleNumbers, drawn: number): DecorationSet {
  if (!numbers) return DecorationSet.empty;
  const decorations = referencesIn(doc).map((ref) => Decoration.node(ref.pos, ref.pos + 1, {}, { articleNumber: numbers.get(ref.target) ?? null, drawn }));
  return DecorationSet.create(doc, decorations);
}

/** The number the plugin's decorations give a reference: a number, null when removed, undefined when unknown. */
function numberFrom(decorations: readonly Decoration[]): number | null | undefined {
  for (const decoration of decorations) {
    const spec = decoration.spec as { articleNumber?: number | null };
    if (spec.articleNumber !== undefined) return spec.articleNumber;
  }
  return undefined;
}

/**
 * A copy of content with every reference's number resolved (`n`), so that copied text reads as the editor shows it;
 * with no numbers, every `n` cleared (what goes into the document never holds one).
 */
function numberedCopy(fragment: Fragment, numbers: ReadonlyMap<string, number> | null): Fragment {
  const children: Node[] = [];
  fragment.forEach((child) => {
    if (child.type.name === 'article_ref') children.push(child.type.create({ ...child.attrs, n: numbers?.get(child.attrs.target as string) ?? null }, null, child.marks));
    else children.push(child.isLeaf ? child : child.copy(numberedCopy(child.content, numbers)));
  });
  return Fragment.from(children);
}

/** A reference as a link-like inline atom: "article 13", or its written label struck as removed. */
class RefView implements NodeView {
  dom: HTMLAnchorElement;

  constructor(
    private node: Node,
    decorations: readonly Decoration[],
    private labels: () => RefLabels,
  ) {
    this.dom = document.createElement('a');
    this.render(decorations);
  }

  update(node: Node, decorations: readonly Decoration[]): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    this.render(decorations);
    return true;
  }

  ignoreMutation(): boolean {
    return true;
  }

  private render(decorations: readonly Decoration[]): void {
    const target = this.node.attrs.target as string;
    const number = numberFrom(decorations);
    const removed = number === null;
    // As the schema reads it (word, number), with the number drawn here; unknown numbers leave the one written.
    const text = refText(this.node, number === undefined ? undefined : new Map(removed ? [] : [[target, number]]));
    this.dom.className = removed ? 'rb-ref is-removed' : 'rb-ref';
    this.dom.href = `#article-${target}`;
    this.dom.dataset.target = target;
    this.dom.textContent = text;
    if (removed) {
      this.dom.title = this.labels().removed(text);
      this.dom.setAttribute('aria-label', this.dom.title);
    } else {
      this.dom.removeAttribute('title');
      this.dom.removeAttribute('aria-label');
    }
  }
}

/**
 * Draws every reference as its article's current number: recomputed when the document changes (or the store's
 * numbers do), passed to the node view through decorations. It never sets the node's `n`: the editor's document is
 * synced and stored, and a stored number would stop following renumbering. A click keeps the reader in the editor;
 * Ctrl/Cmd-click goes to the article.
 */
export function articleRefsPlugin(source: ArticleRefsSource): Plugin<RefsState> {
  const own = source !== 'live-draft';
  const labels = own ? source.labels : () => liveDraftRefs.get()?.labels() ?? { removed: (text: string) => text };
  const read = (state: EditorState, previous: ArticleNumbers): ArticleNumbers => {
    const next = own ? articleNumbers(state.doc) : (liveDraftRefs.get()?.numbers ?? null);
    return sameNumbers(previous, next) ? previous : next;
  };
  return new Plugin<RefsState>({
    key: articleRefsKey,
    state: {
      init: (_config, state) => {
        const numbers = read(state, null);
        return { numbers, drawn: 0, decorations: numbered(state.doc, numbers, 0) };
      },
      apply: (tr, value, _old, state) => {
        const redraw = tr.getMeta(articleRefsKey) === true;
        if (!tr.docChanged && !redraw) return value;
        const numbers = read(state, value.numbers);
        const drawn = value.drawn + (redraw ? 1 : 0);
        return { numbers, drawn, decorations: numbered(state.doc, numbers, drawn) };
      },
    },
    view: (view) => {
      if (!own) return { destroy: liveDraftRefs.subscribe(() => refreshArticleRefs(view)) };
      const publish = (state: EditorState) => {
        const numbers = articleRefsKey.getState(state)!.numbers!;
        if (liveDraftRefs.get()?.numbers !== numbers) liveDraftRefs.set({ numbers, labels });
      };
      publish(view.state);
      return { update: (updated) => publish(updated.state), destroy: () => liveDraftRefs.set(null) };
    },
    props: {
      decorations: (state) => articleRefsKey.getState(state)!.decorations,
      nodeViews: { article_ref: (node, _view, _getPos, decorations) => new RefView(node, decorations, labels) },
      // Copied text reads the numbers shown. Pasted back (the schema never parses `n`) or dropped after a drag
      // (whose slice is the copied one, unparsed), a reference holds no number.
      transformCopied: (slice, view) => {
        const numbers = articleRefsKey.getState(view.state)!.numbers;
        return numbers ? new Slice(numberedCopy(slice.content, numbers), slice.openStart, slice.openEnd) : slice;
      },
      transformPasted: (slice) => new Slice(numberedCopy(slice.content, null), slice.openStart, slice.openEnd),
      handleClickOn: (view, _pos, node, _nodePos, event) => {
        if (node.type.name !== 'article_ref' || !(event.ctrlKey || event.metaKey)) return false;
        revealNode(view, node.attrs.target as string);
        return true;
      },
      handleDOMEvents: {
        // The editor selects the reference; the link must not take the page to its address.
        click: (_view, event) => {
          if (event.target instanceof Element && event.target.closest('a.rb-ref')) event.preventDefault();
          return false;
        },
      },
    },
  });
}

/** Draw the references again (their numbers from the store, or their words in another language). */
export function refreshArticleRefs(view: EditorView): void {
  if (view.isDestroyed) return;
  view.dispatch(view.state.tr.setMeta(articleRefsKey, true).setMeta('addToHistory', false));
}
