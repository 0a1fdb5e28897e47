import { describe, expect, it } from 'vitest';
import { EditorState, NodeSelection, TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { Node } from 'prosemirror-model';
import { ySyncPluginKey } from 'y-prosemirror';
import { rulebookSchema } from '../../shared/schema.js';
import { articleRefsKey, articleRefsPlugin } from '../../client/editor/article-refs-plugin.js';
import { referencedRemovalKey, referencedRemovalPlugin } from '../../client/editor/referenced-removal-plugin.js';
import { canReference, insertArticleRef } from '../../client/editor/commands.js';
import { findNodeById } from '../../client/editor/toc.js';

/**
 * In an editor, a reference reads as its article's current number (never stored in the node), reads as removed once
 * the article is gone, and an organiser's own edit removing a referenced article is noticed with who referred to it.
 */

const { doc, title, article, article_title, paragraph, article_ref } = rulebookSchema.nodes;
const text = (s: string) => rulebookSchema.text(s);
const ref = (target: string, label: string) => article_ref!.create({ target, word: 'article', label });
const art = (id: string, heading: string, ...body: (Node | string)[]) =>
  article!.create({ id }, [article_title!.create(null, text(heading)), paragraph!.create(null, body.map((b) => (typeof b === 'string' ? text(b) : b)))]);

// Article 1 (fees) refers to Article 3 (board); Article 2 (dues) refers to Article 3 as well; board refers to itself.
const DRAFT = doc!.create(null, [
  title!.create(null, text('Club rules')),
  art('fees', 'Fees', 'As set by ', ref('board', '3'), '.'),
  art('dues', 'Dues', 'Paid as in ', ref('board', '3'), '.'),
  art('board', 'Board', 'This ', ref('board', '3'), ' applies.'),
]);

const refsPlugin = articleRefsPlugin({ labels: () => ({ removed: (t) => `${t} (removed)` }) });
const plugins = [referencedRemovalPlugin(), refsPlugin];
const start = (draft: Node = DRAFT) => EditorState.create({ schema: rulebookSchema, doc: draft, plugins });

/** The number each reference is drawn with, in document order (null: its article is gone). */
function drawnNumbers(state: EditorState): (number | null)[] {
  return articleRefsKey
    .getState(state)!
    .decorations.find()
    .sort((a, b) => a.from - b.from)
    .map((d) => (d.spec as { articleNumber: number | null }).articleNumber);
}

/** The state once the article with this id is deleted (as a selected node, like the Delete key does). */
function deleteArticle(state: EditorState, id: string, remote = false): EditorState {
  const tr = state.tr.setSelection(NodeSelection.create(state.doc, findNodeById(state.doc, id)!)).deleteSelection();
  if (remote) tr.setMeta(ySyncPluginKey, { isChangeOrigin: true });
  return state.apply(tr);
}

describe('references in the editor', () => {
  it('read as their article’s current number after an insertion before it, the node left as it was', () => {
    const state = start();
    expect(drawnNumbers(state)).toEqual([3, 3, 3]);
    const inserted = state.apply(state.tr.insert(findNodeById(state.doc, 'dues')!, art('new', 'New', 'Text.')));
    expect(drawnNumbers(inserted)).toEqual([4, 4, 4]);
    inserted.doc.descendants((node) => {
      if (node.type === article_ref) expect(node.attrs).toEqual({ target: 'board', word: 'article', label: '3', n: null });
    });
    // A change inside an article renumbers nothing: the numbers are the same map.
    const typed = inserted.apply(inserted.tr.insertText('x', 3));
    expect(articleRefsKey.getState(typed)!.numbers).toBe(articleRefsKey.getState(inserted)!.numbers);
  });

  it('are copied as they read, and pasted back without their number', () => {
    const state = start();
    const inserted = state.apply(state.tr.insert(findNodeById(state.doc, 'dues')!, art('new', 'New', 'Text.')));
    const copied = refsPlugin.props.transformCopied!.call(refsPlugin, inserted.doc.slice(0, inserted.doc.content.size), { state: inserted } as EditorView);
    expect(copied.content.textBetween(0, copied.content.size, ' ')).toContain('As set by article 4.');
    const pasted = rulebookSchema.nodes.article_ref!.spec.parseDOM![0]!.getAttrs!({ getAttribute: (name: string) => ({ 'data-target': 'board', 'data-label': '3' })[name] ?? null } as never);
    expect(pasted).not.toHaveProperty('n');
    // A drag drops the copied slice itself, unparsed: what goes into the document holds no number.
    const dropped = refsPlugin.props.transformPasted!.call(refsPlugin, copied, { state: inserted } as EditorView, false);
    const numbers: unknown[] = [];
    dropped.content.descendants((node) => void (node.type === article_ref && numbers.push(node.attrs.n)));
    expect(numbers).toEqual([null, null, null]);
  });

  it('read as removed once their article is gone', () => {
    expect(drawnNumbers(deleteArticle(start(), 'board'))).toEqual([null, null]);
  });

  it('go only where article text goes, written with the number it has now', () => {
    const state = start();
    const inTitle = state.apply(state.tr.setSelection(TextSelection.create(state.doc, findNodeById(state.doc, 'fees')! + 3)));
    expect(canReference(inTitle)).toBe(false);
    expect(insertArticleRef('dues', '2')(inTitle)).toBe(false);
    const end = findNodeById(state.doc, 'dues')! - 2;
    let next = state.apply(state.tr.setSelection(TextSelection.create(state.doc, end)));
    expect(canReference(next)).toBe(true);
    insertArticleRef('dues', '2')(next, (tr) => (next = next.apply(tr)));
    expect(next.doc.child(1).textContent).toBe('FeesAs set by article 3.article 2');
    expect(drawnNumbers(next)).toEqual([3, 2, 3, 3]);
  });
});

describe('removing a referenced article', () => {
  it('is noticed with the articles still referring to it, numbered as they are now', () => {
    const state = deleteArticle(start(), 'board');
    const watched = referencedRemovalKey.getState(state)!;
    expect(watched.removal?.articles).toEqual([
      {
        id: 'board',
        number: 3,
        title: 'Board',
        referrers: [
          { id: 'fees', number: 1, title: 'Fees' },
          { id: 'dues', number: 2, title: 'Dues' },
        ],
      },
    ]);
    // Undo is offered while the removal is the last edit.
    expect(watched.removal?.edit).toBe(watched.edits);
    const typed = state.apply(state.tr.insertText('x', 3));
    expect(referencedRemovalKey.getState(typed)!.removal).toBe(watched.removal);
    expect(referencedRemovalKey.getState(typed)!.edits).toBe(watched.edits + 1);
  });

  it('names referrers by their number after the removal, and leaves out those removed with it', () => {
    const state = start();
    // Fees and Board go together: only Dues, now Article 1, still refers to Board.
    const tr = state.tr.delete(findNodeById(state.doc, 'board')!, state.doc.content.size).delete(findNodeById(state.doc, 'fees')!, findNodeById(state.doc, 'dues')!);
    const removal = referencedRemovalKey.getState(state.apply(tr))!.removal;
    expect(removal?.articles.map((a) => [a.id, a.referrers])).toEqual([['board', [{ id: 'dues', number: 1, title: 'Dues' }]]]);
  });

  it('is not noticed for another person’s edit, nor for an article nobody refers to', () => {
    expect(referencedRemovalKey.getState(deleteArticle(start(), 'board', true))!.removal).toBeNull();
    expect(referencedRemovalKey.getState(deleteArticle(start(), 'fees'))!.removal).toBeNull();
  });
});
