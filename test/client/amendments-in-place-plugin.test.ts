import { describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import type { Decoration } from 'prosemirror-view';
import type { Node } from 'prosemirror-model';
import { rulebookSchema } from '../../shared/schema.js';
import { amendmentsInPlacePlugin, type InPlaceAmendment } from '../../client/editor/amendments-in-place-plugin.js';

/**
 * Where the draft draws open amendments: deletions over the current text they remove, insertions where they would go,
 * a title's change in the title, new articles after the one they follow, deleted articles as a whole; placed again as
 * the draft changes.
 */

const { doc, title, article, article_title, paragraph } = rulebookSchema.nodes;
const text = (s: string) => rulebookSchema.text(s);
const art = (id: string, heading: string, body: string) => article!.create({ id }, [article_title!.create(null, text(heading)), paragraph!.create(null, text(body))]);
const DRAFT = doc!.create(null, [title!.create(null, text('Club rules')), art('fees', 'Fees', 'Members pay a fee of 10 euros each year.'), art('old', 'Old rule', 'This rule is obsolete.')]);

const amendment = (fields: Partial<InPlaceAmendment> & Pick<InPlaceAmendment, 'id' | 'kind'>): InPlaceAmendment => ({
  number: 1,
  articleId: null,
  afterArticleId: null,
  title: null,
  text: null,
  content: null,
  updatedAt: '2026-12-02T12:00:00Z',
  ...fields,
});

const AMENDMENTS: InPlaceAmendment[] = [
  amendment({
    id: 'bold',
    kind: 'modify',
    articleId: 'fees',
    title: 'Yearly fees',
    content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Members pay a fee of ' }, { type: 'text', text: '20 euros', marks: [{ type: 'strong' }] }, { type: 'text', text: ' each year.' }] }],
  }),
  amendment({ id: 'gone', number: 2, kind: 'delete', articleId: 'old' }),
  amendment({ id: 'new', number: 3, kind: 'insert', afterArticleId: 'fees', title: 'Elections', text: 'The board is elected.' }),
];

const plugin = amendmentsInPlacePlugin({ labels: () => ({ describe: () => '', newArticle: () => '', deleteArticle: () => '' }), onOpen: () => {} });

function drawn(amendments: InPlaceAmendment[], draft: Node = DRAFT): EditorState {
  const state = EditorState.create({ schema: rulebookSchema, doc: draft, plugins: [plugin] });
  return state.apply(state.tr.setMeta(plugin, { amendments, lang: 'en' }));
}

/** Where `text` starts in the document. */
function positionOf(draft: Node, wanted: string): number {
  let found = -1;
  draft.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(wanted)) found = pos + node.text!.indexOf(wanted);
    return found < 0;
  });
  return found;
}

/** What is drawn, in document order: struck text, widgets (their key's kind and the text just before them), whole nodes. */
function drawing(state: EditorState): string[] {
  const decorations: Decoration[] = plugin.getState(state)!.decorations.find();
  return decorations
    .sort((a, b) => a.from - b.from || a.to - b.to)
    .map((d) => {
      const spec = d.spec as { key?: string };
      if (d.from === d.to) {
        const [kind, id] = spec.key!.split(':');
        const change = /:(title|body):(insert|delete):/.exec(spec.key!)?.slice(1).join(' ');
        const before = state.doc.textBetween(0, d.from, '¶').split('¶').at(-1)!.slice(-10);
        return `${kind} ${id}${change ? ` ${change}` : ''} after "${before}"`;
      }
      const node = state.doc.nodeAt(d.from);
      if (node && d.from + node.nodeSize === d.to && node.type.name === 'article') return `article ${node.attrs.id as string}`;
      return `struck "${state.doc.textBetween(d.from, d.to)}"`;
    });
}

describe('amendments drawn in place', () => {
  it('places each kind of amendment in the current draft', () => {
    expect(drawing(drawn(AMENDMENTS))).toEqual([
      'struck "Fees"',
      'inplace bold title insert after "Fees"',
      'struck "10 euros"',
      'inplace bold body insert after "f 10 euros"',
      // Between the articles, then at the start of the one proposed for deletion.
      'inplace-new new after "each year."',
      'article old',
      'inplace-del gone after "each year."',
    ]);
  });

  it('follows an edit before the changes and recomputes those of an article edited', () => {
    let state = drawn(AMENDMENTS);
    state = state.apply(state.tr.insertText('All ', positionOf(state.doc, 'Members')));
    expect(state.doc.child(1).lastChild!.textContent).toBe('All Members pay a fee of 10 euros each year.');
    // The proposal, made on the old wording, now also removes "All ", named by its own button.
    expect(drawing(state)).toEqual([
      'struck "Fees"',
      'inplace bold title insert after "Fees"',
      'struck "All "',
      'inplace bold body delete after "All "',
      'struck "10 euros"',
      'inplace bold body insert after "f 10 euros"',
      'inplace-new new after "each year."',
      'article old',
      'inplace-del gone after "each year."',
    ]);
  });

  it('draws nothing once the list is empty, and nothing for an amendment whose article left the draft', () => {
    expect(drawing(drawn([]))).toEqual([]);
    expect(drawing(drawn([amendment({ id: 'lost', kind: 'modify', articleId: 'elsewhere', text: 'Gone.' })]))).toEqual([]);
  });
});
