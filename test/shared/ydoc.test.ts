import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseRulebookMarkdown } from '../../shared/doc/markdown.js';
import { draftFragment, readDraft, repairNodeIds, writeDraftDoc } from '../../shared/doc/ydoc.js';
import { articleElement, typeInArticle } from '../helpers/draft.js';

function docFrom(md: string): Y.Doc {
  const parsed = parseRulebookMarkdown(md);
  if (!parsed.ok) throw new Error(parsed.message);
  const ydoc = new Y.Doc();
  writeDraftDoc(ydoc, parsed.doc, 'test');
  return ydoc;
}

describe('the draft in a Y.Doc', () => {
  it('round-trips a ProseMirror document through the Y.XmlFragment', () => {
    const ydoc = docFrom('# Rules\n\nPre.\n\n## One\n\nFirst *rule*.\n\n## Two\n\n- a\n- b');
    expect(readDraft(ydoc)).toMatchObject({
      title: 'Rules',
      preamble: 'Pre.',
      articles: [
        { number: 1, title: 'One', text: 'First rule.' },
        { number: 2, title: 'Two', text: '- a\n- b' },
      ],
    });
  });

  it('rewrites only what changed, so text typed elsewhere keeps its identity', () => {
    const ydoc = docFrom('# Rules\n\n## One\n\nAlpha\n\n## Two\n\nBeta');
    const [one, two] = readDraft(ydoc).articles;
    const position = Y.createRelativePositionFromTypeIndex((articleElement(ydoc, two!.id).get(1) as Y.XmlElement).get(0) as Y.XmlText, 2);
    const parsed = parseRulebookMarkdown('# Rules\n\n## One\n\nAlpha changed\n\n## Two\n\nBeta', new Map([['one', one!.id], ['two', two!.id]]));
    writeDraftDoc(ydoc, parsed.ok ? parsed.doc : (null as never), 'test');
    expect(readDraft(ydoc).articles.map((a) => a.text)).toEqual(['Alpha changed', 'Beta']);
    expect(Y.createAbsolutePositionFromRelativePosition(position, ydoc)?.index).toBe(2);
  });

  it('repairs empty and duplicated ids, keeping the first holder of an id', () => {
    const ydoc = docFrom('# Rules\n\n## One\n\nA\n\n## Two\n\nB\n\n## Three\n\nC');
    const [one, two, three] = draftFragment(ydoc).toArray().slice(1) as Y.XmlElement[];
    const firstId = one!.getAttribute('id');
    two!.setAttribute('id', firstId!);
    three!.setAttribute('id', '');
    expect(repairNodeIds(ydoc, 'test')).toBe(2);
    const ids = readDraft(ydoc).articles.map((a) => a.id);
    expect(ids[0]).toBe(firstId);
    expect(new Set(ids).size).toBe(3);
    expect(ids.every(Boolean)).toBe(true);
    expect(repairNodeIds(ydoc, 'test')).toBe(0);
  });

  it('renumbers articles from document order', () => {
    const ydoc = docFrom('# R\n\n## A\n\nx\n\n## B\n\ny\n\n## C\n\nz');
    const fragment = draftFragment(ydoc);
    fragment.delete(1, 1);
    expect(readDraft(ydoc).articles.map((a) => `${a.number}${a.title}`)).toEqual(['1B', '2C']);
    typeInArticle(ydoc, readDraft(ydoc).articles[0]!.id, 'typed ');
    expect(readDraft(ydoc).articles[0]!.text).toBe('typed y');
  });
});
