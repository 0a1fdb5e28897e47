import { describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { Fragment, Slice, type Node } from 'prosemirror-model';
import { rulebookSchema } from '../../shared/schema.js';
import { idsPlugin } from '../../client/editor/ids-plugin.js';

/**
 * Pasting keeps an article's identity when the article is not in the document any more (cut and pasted back, or
 * dragged elsewhere), so references to it, its history and diffs follow it; a copy of an article still there gets a
 * fresh id, so no two articles share one.
 */

const { doc, title, article, article_title, paragraph } = rulebookSchema.nodes;
const text = (s: string) => rulebookSchema.text(s);
const art = (id: string, heading: string) => article!.create({ id }, [article_title!.create(null, text(heading)), paragraph!.create(null, text(`${heading} text.`))]);
const ID = { fees: 'a000000000001', dues: 'a000000000002', board: 'a000000000003' };

const plugin = idsPlugin();
const state = (...articles: Node[]) => EditorState.create({ schema: rulebookSchema, doc: doc!.create(null, [title!.create(null, text('Club rules')), ...articles]), plugins: [plugin] });

/** What the editor would paste (or drop: `move` for a drag that moves) of `articles`, into `into`. */
function pasted(into: EditorState, articles: Node[], move = false): string[] {
  const view = { state: into, dragging: move ? { slice: Slice.empty, move: true } : null } as unknown as EditorView;
  const slice = plugin.props.transformPasted!.call(plugin, new Slice(Fragment.from(articles), 0, 0), view, false);
  const ids: string[] = [];
  slice.content.forEach((node) => ids.push(node.attrs.id as string));
  return ids;
}

describe('ids of pasted articles', () => {
  it('keeps the id of an article cut from the document, and of one dragged to another place', () => {
    const board = art(ID.board, 'Board');
    expect(pasted(state(art(ID.fees, 'Fees'), art(ID.dues, 'Dues')), [board])).toEqual([ID.board]);
    expect(pasted(state(art(ID.fees, 'Fees'), board), [board], true)).toEqual([ID.board]);
  });

  it('gives a fresh id to a copy of an article still in the document, and to one without an id', () => {
    const [copy, blank] = pasted(state(art(ID.fees, 'Fees'), art(ID.dues, 'Dues')), [art(ID.fees, 'Fees'), art('', 'Blank')]);
    expect(copy).toMatch(/^a[0-9a-z]{12}$/);
    expect(copy).not.toBe(ID.fees);
    expect(blank).toMatch(/^a[0-9a-z]{12}$/);
  });
});
