import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';

/** The debate figures shown next to one article's number. */
export interface ArticleFigures {
  comments: number;
  amendments: number;
}

/** What the markers plugin holds: figures per article id, and the article whose discussion is open. */
export interface MarkersState {
  figures: Record<string, ArticleFigures>;
  selected: string | null;
}

/** Words the markers need, in the interface language. */
export interface MarkerLabels {
  /** Accessible name of an article's marker button. */
  describe(number: number, figures: ArticleFigures): string;
}

/** Key of the markers plugin; transactions update its state with `tr.setMeta(markersKey, Partial<MarkersState>)`. */
export const markersKey = new PluginKey<MarkersState>('amendo-markers');

const NONE: ArticleFigures = { comments: 0, amendments: 0 };

function icon(kind: 'comments' | 'amendments', count: number): HTMLElement {
  const chip = document.createElement('span');
  chip.className = `rb-marker-chip rb-marker-${kind}${count ? '' : ' is-zero'}`;
  chip.setAttribute('aria-hidden', 'true');
  const glyph = document.createElement('span');
  glyph.className = 'rb-marker-glyph';
  chip.append(glyph, String(count));
  return chip;
}

function markerWidget(articleId: string, number: number, figures: ArticleFigures, selected: boolean, labels: MarkerLabels, onOpen: (id: string) => void) {
  return (view: EditorView): HTMLElement => {
    const box = document.createElement('span');
    box.className = 'rb-markers';
    box.contentEditable = 'false';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `rb-marker${selected ? ' is-selected' : ''}`;
    button.dataset.testid = 'article-marker';
    button.dataset.articleId = articleId;
    button.setAttribute('aria-pressed', String(selected));
    // The name is this sentence, which says the figures the chips show in the same order. As text content rather
    // than an aria-label, it is not taken for a label that leaves out the chips' visible digits (WCAG 2.5.3).
    const name = document.createElement('span');
    name.className = 'visually-hidden';
    name.textContent = labels.describe(number, figures);
    button.append(name, icon('comments', figures.comments), icon('amendments', figures.amendments));
    // Keep the editor's selection (a passage to quote) when the marker is pressed.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', (event) => {
      event.preventDefault();
      if (!view.isDestroyed) onOpen(articleId);
    });
    box.append(button);
    return box;
  };
}

function buildDecorations(state: EditorState, markers: MarkersState, labels: MarkerLabels, onOpen: (id: string) => void, lang: string): DecorationSet {
  const decorations: Decoration[] = [];
  let number = 0;
  state.doc.forEach((node, offset) => {
    if (node.type.name !== 'article') return;
    number++;
    const id = node.attrs.id as string;
    if (!id) return;
    const figures = markers.figures[id] ?? NONE;
    const selected = markers.selected === id;
    decorations.push(
      Decoration.widget(offset + 1, markerWidget(id, number, figures, selected, labels, onOpen), {
        side: -1,
        ignoreSelection: true,
        stopEvent: () => true,
        // The key names everything drawn, so the widget is redrawn exactly when one of them changes.
        key: `marker:${id}:${number}:${figures.comments}:${figures.amendments}:${selected ? 1 : 0}:${lang}`,
      }),
    );
    if (selected) decorations.push(Decoration.node(offset, offset + node.nodeSize, { class: 'is-discussed' }));
  });
  return DecorationSet.create(state.doc, decorations);
}

/**
 * Draws, next to each article's margin number, a button with its comment and open-amendment counts; pressing it
 * calls `onOpen(articleId)`. Figures and the open article live in the plugin state, changed by `setMarkers`.
 */
export function markersPlugin(options: { labels: () => MarkerLabels; language: () => string; onOpen: (articleId: string) => void }): Plugin<MarkersState> {
  return new Plugin<MarkersState>({
    key: markersKey,
    state: {
      init: () => ({ figures: {}, selected: null }),
      apply(tr, value) {
        const patch = tr.getMeta(markersKey) as Partial<MarkersState> | undefined;
        return patch ? { ...value, ...patch } : value;
      },
    },
    props: {
      decorations(state) {
        return buildDecorations(state, markersKey.getState(state)!, options.labels(), options.onOpen, options.language());
      },
    },
  });
}

/** Update the figures and/or the open article shown by the markers. */
export function setMarkers(view: EditorView, patch: Partial<MarkersState>): void {
  if (view.isDestroyed) return;
  view.dispatch(view.state.tr.setMeta(markersKey, patch).setMeta('addToHistory', false));
}
