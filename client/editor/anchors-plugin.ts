import * as Y from 'yjs';
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';

/** A quoted passage, as the comments API gives it: the JSON of two Yjs relative positions. */
export interface AnchorSpan {
  start: string;
  end: string;
}

/** Key of the anchors plugin; `setAnchors` replaces the passages it highlights. */
const anchorsKey = new PluginKey<AnchorsState>('amendo-anchors');

/**
 * Where a relative position stands in the editor's document now, or null when its text is gone or the editor has
 * not rendered it yet. The paragraph holding it is found by identity in the current document, so a position is
 * never placed from a rendering that is out of date.
 */
function resolve(state: EditorState, json: string): number | null {
  const binding = ySyncPluginKey.getState(state)?.binding;
  if (!binding) return null;
  let absolute: Y.AbsolutePosition | null;
  try {
    absolute = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(JSON.parse(json)), binding.doc);
  } catch {
    return null;
  }
  const text = absolute?.type;
  if (!(text instanceof Y.XmlText) || !(text.parent instanceof Y.XmlElement)) return null;
  const block = binding.mapping.get(text.parent);
  if (!block || Array.isArray(block)) return null;
  let blockPos: number | null = null;
  state.doc.descendants((node, pos) => {
    if (blockPos !== null) return false;
    if (node === block) blockPos = pos;
    return blockPos === null;
  });
  if (blockPos === null) return null;
  // Text runs before this one in the same block, then the index within it.
  let offset = 0;
  for (const sibling of text.parent.toArray()) {
    if (sibling === text) break;
    offset += sibling instanceof Y.XmlText ? sibling.length : 1;
  }
  return blockPos + 1 + offset + absolute!.index;
}

interface AnchorsState {
  spans: AnchorSpan[];
  decorations: DecorationSet;
}

function highlight(state: EditorState, spans: AnchorSpan[]): DecorationSet {
  const decorations = spans.flatMap((span) => {
    const from = resolve(state, span.start);
    const to = resolve(state, span.end);
    return from !== null && to !== null && from < to && to <= state.doc.content.size
      ? [Decoration.inline(from, to, { class: 'rb-anchor', 'data-testid': 'comment-anchor' })]
      : [];
  });
  return DecorationSet.create(state.doc, decorations);
}

/**
 * Highlights the passages quoted by the comments of the article whose discussion is open. They are placed from
 * their Yjs relative positions when they are set and whenever the draft is rendered from Yjs (remote edits), and
 * mapped through local edits in between, so the highlight follows the text while anyone edits around it.
 */
export function anchorsPlugin(): Plugin<AnchorsState> {
  return new Plugin<AnchorsState>({
    key: anchorsKey,
    state: {
      init: (_config, state) => ({ spans: [], decorations: DecorationSet.create(state.doc, []) }),
      apply: (tr, value, _old, state) => {
        const spans = (tr.getMeta(anchorsKey) as AnchorSpan[] | undefined) ?? value.spans;
        const rendered = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
        if (spans !== value.spans || (spans.length > 0 && rendered)) return { spans, decorations: highlight(state, spans) };
        return { spans, decorations: value.decorations.map(tr.mapping, tr.doc) };
      },
    },
    props: {
      decorations: (state) => anchorsKey.getState(state)?.decorations,
    },
  });
}

/** Highlight these passages (an empty list clears them). */
export function setAnchors(view: EditorView, spans: AnchorSpan[]): void {
  if (view.isDestroyed) return;
  view.dispatch(view.state.tr.setMeta(anchorsKey, spans).setMeta('addToHistory', false));
}
