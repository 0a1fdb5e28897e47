import { Plugin, PluginKey } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { DOMSerializer, Fragment, type Node } from 'prosemirror-model';
import { rulebookSchema } from '../../shared/schema.js';
import { contentToBlocks, type ArticleContent } from '../../shared/doc/content.js';
import { trackChanges, type TrackedChange, type TrackedRun } from '../../shared/doc/tracked.js';
import { textToBlocks } from '../../shared/doc/text.js';
import { childrenOf } from '../../shared/doc/view.js';

/** What the draft needs to know of an open amendment to draw it in place. */
export interface InPlaceAmendment {
  id: string;
  number: number;
  kind: 'modify' | 'insert' | 'delete';
  articleId: string | null;
  afterArticleId: string | null;
  title: string | null;
  text: string | null;
  /** Its structured body; null for a deletion, or an old amendment that only has `text`. */
  content: ArticleContent | null;
  /** Changes whenever the amendment is edited, so its cached changes are computed again. */
  updatedAt: string;
}

/** How a tracked change is named: by what it proposes and the amendment's number. */
export type InPlaceChangeKind = 'insert' | 'delete' | 'replace' | 'newArticle' | 'deleteArticle';

/** Words the drawn changes need, in the interface language. */
export interface InPlaceLabels {
  /** Accessible name of a change's `#N` button, e.g. "Proposed deletion by amendment #12". */
  describe(kind: InPlaceChangeKind, number: number): string;
  /** The heading of a proposed new article, e.g. "Proposed new article (#3): Fees". */
  newArticle(number: number, title: string): string;
  /** The line above an article proposed for deletion. */
  deleteArticle(number: number): string;
}

interface InPlaceState {
  amendments: readonly InPlaceAmendment[];
  lang: string;
  decorations: DecorationSet;
}

/** Key of the plugin; `setAmendmentsInPlace` replaces the amendments it draws. */
const inPlaceKey = new PluginKey<InPlaceState>('amendo-amendments-in-place');

const serializer = DOMSerializer.fromSchema(rulebookSchema);

/** The amendment's changes against an article as it was last seen, kept until the article or the amendment changes. */
interface Cached {
  article: Node;
  updatedAt: string;
  body: TrackedChange[];
  title: TrackedChange[];
}

/** The tracked changes of one amendment against the article's current body and title. */
function computeChanges(amendment: InPlaceAmendment, article: Node): Omit<Cached, 'article' | 'updatedAt'> {
  const [heading, ...current] = childrenOf(article);
  const proposed = amendment.content ? contentToBlocks(amendment.content) : amendment.text !== null ? textToBlocks(amendment.text, current) : null;
  const body = proposed ? trackChanges(current, proposed) : [];
  const currentTitle = heading?.textContent ?? '';
  // A title is a line of text: compared as a one-paragraph fragment, whose offsets match the title node's.
  const line = (text: string) => rulebookSchema.nodes.paragraph!.create(null, text ? rulebookSchema.text(text) : null);
  const title = amendment.title !== null && amendment.title !== currentTitle ? trackChanges([line(currentTitle)], [line(amendment.title)]) : [];
  return { body, title };
}

/** Called with the amendment's id and the element it was opened from (`byKeyboard` when pressed without a pointer). */
type OpenDetails = (amendmentId: string, anchor: HTMLElement, byKeyboard: boolean) => void;

/** What drawing needs besides the document: the words, their language, and what opening a change does. */
interface Draw {
  labels: InPlaceLabels;
  lang: string;
  open: OpenDetails;
}

/** Opening a change's details from its widget: its button (by click, Enter or Space) or a click anywhere in it. */
function openOnClick(box: HTMLElement, amendment: InPlaceAmendment, open: OpenDetails): void {
  box.addEventListener('click', (event) => {
    event.preventDefault();
    const button = event.target instanceof Element ? event.target.closest<HTMLElement>('.rb-inplace-badge') : null;
    open(amendment.id, button ?? box.querySelector<HTMLElement>('.rb-inplace-badge') ?? box, button !== null && event.detail === 0);
  });
}

/** Where a tracked change is drawn from: the button naming its amendment, which opens its details. */
function badge(amendment: InPlaceAmendment, kind: InPlaceChangeKind, labels: InPlaceLabels): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'rb-inplace-badge';
  button.dataset.testid = 'inplace-badge';
  button.dataset.amendmentId = amendment.id;
  button.dataset.kind = kind;
  button.setAttribute('aria-haspopup', 'dialog');
  const visible = document.createElement('span');
  visible.setAttribute('aria-hidden', 'true');
  visible.textContent = `#${amendment.number}`;
  // The name as text rather than an aria-label, so that it holds the visible "#12" (WCAG 2.5.3).
  const name = document.createElement('span');
  name.className = 'visually-hidden';
  name.textContent = labels.describe(kind, amendment.number);
  button.append(visible, name);
  // Keep the editor's selection when the button is pressed.
  button.addEventListener('mousedown', (event) => event.preventDefault());
  return button;
}

/** Inserted runs with their marks, hard breaks for line ends. */
function runsDom(runs: readonly TrackedRun[]): DocumentFragment {
  const out = document.createDocumentFragment();
  for (const run of runs) {
    let node: globalThis.Node = document.createDocumentFragment();
    run.text.split('\n').forEach((line, i) => {
      if (i > 0) node.appendChild(document.createElement('br'));
      if (line) node.appendChild(document.createTextNode(line));
    });
    for (const mark of run.marks) {
      const wrapper = document.createElement(mark === 'strong' ? 'strong' : mark === 'em' ? 'em' : 'span');
      wrapper.append(node);
      node = wrapper;
    }
    out.append(node);
  }
  return out;
}

/** The widget of an insertion: the inserted runs, underlined, then the amendment's button. */
function insertionWidget(amendment: InPlaceAmendment, runs: readonly TrackedRun[], kind: InPlaceChangeKind, draw: Draw, block: boolean) {
  return (): HTMLElement => {
    const box = document.createElement(block ? 'div' : 'span');
    box.className = `rb-inplace rb-inplace-insert${block ? ' is-block' : ''}`;
    box.contentEditable = 'false';
    box.dataset.testid = 'inplace-insert';
    box.dataset.amendmentId = amendment.id;
    const ins = document.createElement('ins');
    ins.append(runsDom(runs));
    box.append(ins, badge(amendment, kind, draw.labels));
    openOnClick(box, amendment, draw.open);
    return box;
  };
}

/** The button after a deletion, naming it. */
function deletionWidget(amendment: InPlaceAmendment, draw: Draw) {
  return (): HTMLElement => {
    const box = document.createElement('span');
    box.className = 'rb-inplace rb-inplace-delete-end';
    box.contentEditable = 'false';
    box.dataset.amendmentId = amendment.id;
    box.append(badge(amendment, 'delete', draw.labels));
    openOnClick(box, amendment, draw.open);
    return box;
  };
}

/** A proposed new article, drawn where it would go: its heading and its body. */
function newArticleWidget(amendment: InPlaceAmendment, draw: Draw) {
  return (): HTMLElement => {
    const box = document.createElement('aside');
    box.className = 'rb-inplace rb-inplace-new-article';
    box.contentEditable = 'false';
    box.dataset.testid = 'inplace-new-article';
    box.dataset.amendmentId = amendment.id;
    const heading = document.createElement('p');
    heading.className = 'rb-inplace-new-article-title';
    heading.append(draw.labels.newArticle(amendment.number, amendment.title ?? ''), ' ', badge(amendment, 'newArticle', draw.labels));
    const blocks = amendment.content ? contentToBlocks(amendment.content) : amendment.text !== null ? textToBlocks(amendment.text) : null;
    const body = document.createElement('ins');
    body.className = 'rb-inplace-new-article-body';
    if (blocks) body.append(serializer.serializeFragment(Fragment.from(blocks)));
    box.append(heading, body);
    openOnClick(box, amendment, draw.open);
    return box;
  };
}

/** The line at the top of an article proposed for deletion. */
function deletedArticleWidget(amendment: InPlaceAmendment, draw: Draw) {
  return (): HTMLElement => {
    const box = document.createElement('div');
    box.className = 'rb-inplace rb-inplace-article-delete-note';
    box.contentEditable = 'false';
    box.dataset.testid = 'inplace-delete-article';
    box.dataset.amendmentId = amendment.id;
    box.append(draw.labels.deleteArticle(amendment.number), ' ', badge(amendment, 'deleteArticle', draw.labels));
    openOnClick(box, amendment, draw.open);
    return box;
  };
}

const widgetSpec = (key: string, side: number) => ({ key, side, ignoreSelection: true, stopEvent: () => true });

/** The decorations of a modify amendment's changes to one `part` of its article, their offsets counted from `base`. */
function changeDecorations(amendment: InPlaceAmendment, part: 'title' | 'body', changes: readonly TrackedChange[], base: number, doc: Node, draw: Draw): Decoration[] {
  const out: Decoration[] = [];
  const inserted = new Set(changes.filter((c) => c.op === 'insert').map((c) => c.at));
  const deletedUpTo = new Set(changes.filter((c) => c.op === 'delete').map((c) => c.to));
  // Widgets of several amendments at one place stand in the order of their numbers.
  const side = 1 + amendment.number;
  for (const change of changes) {
    // Offsets within the article, not the document: an edit elsewhere moves the widget without drawing it again.
    const key = `inplace:${amendment.id}:${amendment.updatedAt}:${draw.lang}:${part}:${change.op}:${change.from}:${change.to}:${change.at}`;
    if (change.op === 'delete') {
      out.push(Decoration.inline(base + change.from, base + change.to, { nodeName: 'del', class: 'rb-inplace-delete', 'data-amendment-id': amendment.id }));
      // A deletion replaced by an insertion is named once, by the insertion's button.
      if (!inserted.has(change.to)) out.push(Decoration.widget(base + change.to, deletionWidget(amendment, draw), widgetSpec(key, side)));
      continue;
    }
    const pos = base + change.at;
    const block = !doc.resolve(pos).parent.inlineContent;
    const kind = deletedUpTo.has(change.at) ? 'replace' : 'insert';
    out.push(Decoration.widget(pos, insertionWidget(amendment, change.runs, kind, draw, block), widgetSpec(key, side)));
  }
  return out;
}

/** Where the document's articles and sections start (where a new article "at the start" goes). */
function firstArticlePos(doc: Node): number {
  let found = doc.content.size;
  doc.forEach((node, offset) => {
    if (found === doc.content.size && (node.type.name === 'article' || node.type.name === 'section')) found = offset;
  });
  return found;
}

/** The changes of a modify amendment against this article: from the cache while neither side changed. */
function changesOf(amendment: InPlaceAmendment, article: Node, cache: Map<string, Cached>): Cached {
  const cached = cache.get(amendment.id);
  if (cached && cached.updatedAt === amendment.updatedAt && (cached.article === article || cached.article.eq(article))) return cached;
  const fresh = { article, updatedAt: amendment.updatedAt, ...computeChanges(amendment, article) };
  cache.set(amendment.id, fresh);
  return fresh;
}

/** Draw every amendment on the articles it concerns. */
function buildDecorations(doc: Node, amendments: readonly InPlaceAmendment[], draw: Draw, cache: Map<string, Cached>): DecorationSet {
  const byArticle = new Map<string, InPlaceAmendment[]>();
  const after = new Map<string | null, InPlaceAmendment[]>();
  for (const amendment of amendments) {
    if (amendment.kind === 'insert') after.set(amendment.afterArticleId, [...(after.get(amendment.afterArticleId) ?? []), amendment]);
    else if (amendment.articleId) byArticle.set(amendment.articleId, [...(byArticle.get(amendment.articleId) ?? []), amendment]);
  }
  const decorations: Decoration[] = [];
  const newArticles = (pos: number, list: readonly InPlaceAmendment[] | undefined) => {
    for (const amendment of list ?? []) {
      decorations.push(Decoration.widget(pos, newArticleWidget(amendment, draw), widgetSpec(`inplace-new:${amendment.id}:${amendment.updatedAt}:${draw.lang}`, amendment.number)));
    }
  };
  newArticles(firstArticlePos(doc), after.get(null));
  doc.forEach((article, offset) => {
    if (article.type.name !== 'article') return;
    const id = article.attrs.id as string;
    newArticles(offset + article.nodeSize, after.get(id));
    for (const amendment of byArticle.get(id) ?? []) {
      if (amendment.kind === 'delete') {
        decorations.push(Decoration.node(offset, offset + article.nodeSize, { class: 'rb-inplace-article-delete' }));
        decorations.push(Decoration.widget(offset + 1, deletedArticleWidget(amendment, draw), widgetSpec(`inplace-del:${amendment.id}:${draw.lang}`, -1)));
        continue;
      }
      const { title, body } = changesOf(amendment, article, cache);
      decorations.push(...changeDecorations(amendment, 'title', title, offset + 1, doc, draw));
      decorations.push(...changeDecorations(amendment, 'body', body, offset + 1 + article.firstChild!.nodeSize, doc, draw));
    }
  });
  // Amendments no longer drawn leave the cache.
  const drawn = new Set(amendments.map((a) => a.id));
  for (const id of cache.keys()) if (!drawn.has(id)) cache.delete(id);
  return DecorationSet.create(doc, decorations);
}

/**
 * Draws open amendments in the draft as tracked changes: deletions struck through (`<del>`), insertions as
 * underlined widgets with their bold and italic, a proposed new article after the one it follows, an article
 * proposed for deletion marked as a whole; each carries a `#N` button, and pressing it (or clicking the change)
 * calls `onOpen`. Changes are recomputed when the draft or the amendments change, only for the articles
 * concerned, and cached per amendment while its article's content stays the same.
 */
export function amendmentsInPlacePlugin(options: { labels: () => InPlaceLabels; onOpen: OpenDetails }): Plugin<InPlaceState> {
  const cache = new Map<string, Cached>();
  return new Plugin<InPlaceState>({
    key: inPlaceKey,
    state: {
      init: (_config, state) => ({ amendments: [], lang: '', decorations: DecorationSet.create(state.doc, []) }),
      apply(tr, value, _old, state) {
        const patch = tr.getMeta(inPlaceKey) as Pick<InPlaceState, 'amendments' | 'lang'> | undefined;
        if (!patch && !tr.docChanged) return value;
        const next = { ...value, ...patch };
        if (next.amendments.length === 0 && value.amendments.length === 0) return value;
        const draw = { labels: options.labels(), lang: next.lang, open: options.onOpen };
        return { ...next, decorations: buildDecorations(state.doc, next.amendments, draw, cache) };
      },
    },
    props: {
      decorations: (state) => inPlaceKey.getState(state)?.decorations,
      handleDOMEvents: {
        // Struck text opens its amendment's details too; the click also places the caret there.
        click(view, event) {
          const struck = event.target instanceof Element ? event.target.closest<HTMLElement>('del.rb-inplace-delete') : null;
          const id = struck?.dataset.amendmentId;
          if (!struck || !id || view.isDestroyed) return false;
          options.onOpen(id, struck, false);
          return false;
        },
      },
    },
  });
}

/** Draw these amendments (an empty list clears the draft of them); `lang` redraws their words when it changes. */
export function setAmendmentsInPlace(view: EditorView, amendments: readonly InPlaceAmendment[], lang: string): void {
  if (view.isDestroyed) return;
  view.dispatch(view.state.tr.setMeta(inPlaceKey, { amendments, lang }).setMeta('addToHistory', false));
}
