import { describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import { refText, rulebookSchema } from '../../shared/schema.js';
import { articleNumbers, referrers, resolveRefs } from '../../shared/doc/refs.js';
import { draftView } from '../../shared/doc/view.js';

const { doc, title, article, article_title, paragraph, article_ref } = rulebookSchema.nodes;
const text = (s: string) => rulebookSchema.text(s);
const ref = (target: string, label: string) => article_ref!.create({ target, word: 'article', label });
const art = (id: string, ...body: (Node | string)[]) =>
  article!.create({ id }, [article_title!.create(null, text(id)), paragraph!.create(null, body.map((b) => (typeof b === 'string' ? text(b) : b)))]);
const rules = (...articles: Node[]) => doc!.create(null, [title!.create(null, text('Rules')), ...articles]);

describe('references read in a document', () => {
  const before = rules(art('a', 'Voir ', ref('c', '1er'), ' et ', ref('b', '2'), '.'), art('b', 'Voir ', ref('a', '1er'), '.'), art('c', 'Fin.'));
  const after = rules(art('c', 'Fin.'), art('a', 'Voir ', ref('c', '1er'), ' et ', ref('b', '2'), '.'), art('b', 'Voir ', ref('a', '1er'), '.'));

  it('read as the number of their article in that document, "1er" kept while it is the first', () => {
    expect(articleNumbers(after)).toEqual(new Map([['c', 1], ['a', 2], ['b', 3]]));
    expect(draftView(before).articles.map((a) => a.text)).toEqual(['Voir article 3 et article 2.', 'Voir article 1er.', 'Fin.']);
    expect(draftView(after).articles.map((a) => a.text)).toEqual(['Fin.', 'Voir article 1er et article 3.', 'Voir article 2.']);
  });

  it('are resolved on a copy only, and read as written once their article is gone', () => {
    const resolved = resolveRefs(after);
    const numbers: (number | null)[] = [];
    resolved.descendants((node) => void (node.type.name === 'article_ref' && numbers.push(node.attrs.n as number | null)));
    expect(numbers).toEqual([1, 3, 2]);
    after.descendants((node) => void (node.type.name === 'article_ref' && expect(node.attrs.n).toBeNull()));
    expect(refText(ref('gone', '7'), articleNumbers(after))).toBe('article 7');
  });

  it('name the articles that refer to each article, the article itself left out', () => {
    const selfish = rules(art('a', 'Voir ', ref('b', '2'), ' et ', ref('a', '1'), ' et ', ref('b', '2')), art('b', 'x'), art('c', ref('b', '2')));
    expect(referrers(selfish)).toEqual(new Map([['b', ['a', 'c']]]));
  });
});
