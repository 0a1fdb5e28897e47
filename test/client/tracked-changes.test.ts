import { describe, expect, it } from 'vitest';
import { EditorState, TextSelection } from 'prosemirror-state';
import type { DecorationSet } from 'prosemirror-view';
import { wrapInList } from 'prosemirror-schema-list';
import { rulebookSchema } from '../../shared/schema.js';
import { contentToBlocks, type BlockJson } from '../../shared/doc/content.js';
import { articleParts, isSuggestionDoc, sameWording, suggestionDoc, type ArticleWording } from '../../client/editor/suggestion-doc.js';
import { trackedChanges, trackedChangesPlugin } from '../../client/editor/tracked-changes-plugin.js';
import { selectArticleText } from '../../client/editor/suggestion-setup.js';

const { marks, nodes } = rulebookSchema;
const p = (text: string): BlockJson => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const BASE: ArticleWording = { title: 'Meetings', blocks: contentToBlocks([p('Members meet once a year.')])! };

/** A member's copy of the article, its changes tracked against BASE. */
function copy(): EditorState {
  return EditorState.create({ doc: suggestionDoc('a1', BASE), plugins: [trackedChangesPlugin(BASE)] });
}

/** The tracked changes drawn: inline ranges (insertions) and widgets (deletions), by their place in the document. */
function drawn(state: EditorState) {
  const set = state.plugins[0]!.props.decorations!.call(state.plugins[0], state) as DecorationSet;
  return set.find().map((d) => (d.from === d.to ? { widget: d.from, key: d.spec.key as string } : { inserted: state.doc.textBetween(d.from, d.to) }));
}

describe('the suggestion copy of an article', () => {
  it('holds the article alone, reads back the same wording, and knows when it no longer has that shape', () => {
    const doc = suggestionDoc('a1', BASE);
    expect(isSuggestionDoc(doc)).toBe(true);
    const parts = articleParts(doc);
    expect(sameWording(parts, BASE)).toBe(true);
    expect(doc.textBetween(parts.titleAt + 1, parts.bodyAt - 1)).toBe('Meetings');
    expect(isSuggestionDoc(doc.copy(doc.content.cut(0, doc.child(0).nodeSize)))).toBe(false);
    // A new article starts with an empty title and one empty paragraph.
    expect(articleParts(suggestionDoc('a2', { title: '', blocks: [] })).blocks.map((b) => b.type.name)).toEqual(['paragraph']);
  });

  it('selects all of the body, or of the title, with Mod-a, so that typing replaces it and the copy keeps its shape', () => {
    let state = copy();
    const { bodyAt } = articleParts(state.doc);
    selectArticleText(state, (tr) => (state = state.apply(tr)));
    expect(state.doc.textBetween(state.selection.from, state.selection.to)).toBe('Meetings');
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, bodyAt + 3)));
    selectArticleText(state, (tr) => (state = state.apply(tr)));
    expect(state.doc.textBetween(state.selection.from, state.selection.to)).toBe('Members meet once a year.');
    state = state.apply(state.tr.insertText('Never.'));
    expect(isSuggestionDoc(state.doc)).toBe(true);
    expect(articleParts(state.doc)).toMatchObject({ title: 'Meetings', blocks: [expect.objectContaining({ textContent: 'Never.' })] });
  });

  it('tracks a word retyped in bold as a deletion widget where it stood and an insertion over the new word', () => {
    const state = copy();
    expect(trackedChanges(state)).toEqual({ insertions: 0, deletions: 0 });
    expect(drawn(state)).toEqual([]);
    const at = articleParts(state.doc).bodyAt + 1 + 'Members meet '.length;
    const next = state.apply(state.tr.replaceWith(at, at + 'once'.length, rulebookSchema.text('twice', [marks.strong!.create()])));
    expect(trackedChanges(next)).toEqual({ insertions: 1, deletions: 1 });
    expect(drawn(next)).toEqual([{ widget: at, key: `del:${at}:once` }, { inserted: 'twice' }]);
  });

  it('tracks the title apart from the body', () => {
    const state = copy();
    const at = articleParts(state.doc).titleAt + 1;
    const next = state.apply(state.tr.insertText('Annual ', at));
    expect(trackedChanges(next)).toEqual({ insertions: 1, deletions: 0 });
    expect(drawn(next)).toEqual([{ inserted: 'Annual ' }]);
  });

  it('counts no words for a paragraph turned into a list item, yet the wording is not the same', () => {
    let state = copy();
    const inside = articleParts(state.doc).bodyAt + 2;
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, inside)));
    wrapInList(nodes.bullet_list!)(state, (tr) => (state = state.apply(tr)));
    expect(articleParts(state.doc).blocks.map((b) => b.type.name)).toEqual(['bullet_list']);
    expect(trackedChanges(state)).toEqual({ insertions: 0, deletions: 0 });
    expect(drawn(state)).toEqual([]);
    expect(sameWording(articleParts(state.doc), BASE)).toBe(false);
  });
});
