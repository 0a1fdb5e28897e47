import { describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import { rulebookSchema } from '../../shared/schema.js';
import { articleBlocks, blocksToContent, contentToBlocks, type BlockJson } from '../../shared/doc/content.js';
import { blocksFromKeys, contentTokens } from '../../shared/doc/content-tokens.js';
import { mergeContent } from '../../shared/doc/content-merge.js';
import { diffContent, trackChanges } from '../../shared/doc/tracked.js';
import { rewordArticle } from '../../shared/doc/edit.js';
import { blocksText, childrenOf, draftView } from '../../shared/doc/view.js';

// Tiny builders: text runs (`b('x')` bold, `i('x')` italic), paragraphs, lists.
const t = (text: string): BlockJson => ({ type: 'text', text });
const b = (text: string): BlockJson => ({ type: 'text', text, marks: [{ type: 'strong' }] });
const i = (text: string): BlockJson => ({ type: 'text', text, marks: [{ type: 'em' }] });
const br: BlockJson = { type: 'hard_break' };
const p = (...content: BlockJson[]): BlockJson => ({ type: 'paragraph', ...(content.length ? { content } : {}) });
const li = (...content: BlockJson[]): BlockJson => ({ type: 'list_item', content });
const ul = (...items: BlockJson[]): BlockJson => ({ type: 'bullet_list', content: items });
const ol = (order: number, ...items: BlockJson[]): BlockJson => ({ type: 'ordered_list', attrs: { order }, content: items });
const body = (...blocks: BlockJson[]): Node[] => contentToBlocks(blocks)!;

const rebuilt = (blocks: Node[]) => blocksFromKeys(contentTokens(blocks).map((token) => token.key));
const json = (blocks: readonly Node[]) => blocksToContent(blocks);

const RICH = body(
  p(t('Le prix est de '), b('1 500 €'), t(', versé '), i('en une fois'), t('.'), br, t('Sans condition.')),
  ul(li(p(t('un trophée'))), li(p(t('une '), b('invitation')), p(t('pour deux')), ol(3, li(p(t('au gala'))), li(p(t('au dîner')))))),
  p(t('Fin.')),
);

describe('an article body as tokens', () => {
  it('rebuilds the same blocks from its tokens: marks, line breaks, nested lists, list numbers, continued items', () => {
    expect(json(rebuilt(RICH))).toEqual(json(RICH));
  });

  it('reads, token after token, as the plain text of the JSON view', () => {
    expect(contentTokens(RICH).map((token) => token.text).join('')).toBe(blocksText(RICH));
  });

  it('places each word where it is in the document', () => {
    const doc = rulebookSchema.node('doc', null, [rulebookSchema.node('title', null, [rulebookSchema.text('R')]), rulebookSchema.node('article', { id: 'a1' }, [rulebookSchema.node('article_title'), ...RICH])]);
    const start = 3 + 1 + 2; // the title (3), the article's opening (1), its empty title (2)
    for (const token of contentTokens(RICH).filter((tk) => tk.to > tk.from && tk.text !== '\n')) {
      expect(doc.textBetween(start + token.from, start + token.to)).toBe(token.text);
    }
  });

  it('refuses what does not fit an article body', () => {
    expect(contentToBlocks([{ type: 'article_title' }])).toBeNull();
    expect(contentToBlocks([{ type: 'bullet_list', content: [] }])).toBeNull();
    expect(contentToBlocks([{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link' as 'em' }] }] }])).toBeNull();
    expect(contentToBlocks([])).toBeNull();
  });
});

describe('three-way merge of article bodies', () => {
  const base = body(p(t('Le prix est de 1 500 €. Le jury compte sept membres.')), ul(li(p(t('un trophée')))));

  it('keeps an organiser’s rewording and a proposal’s bold word and new list item', () => {
    const ours = body(p(t('Le prix est de 2 000 €. Le jury compte sept membres.')), ul(li(p(t('un trophée')))));
    const theirs = body(p(t('Le prix est de 1 500 €. Le jury compte '), b('sept'), t(' membres.')), ul(li(p(t('un trophée'))), li(p(t('un diplôme')))));
    const merged = mergeContent(base, ours, theirs)!;
    expect(merged.conflicts).toBe(0);
    expect(json(merged.blocks)).toEqual(json(body(p(t('Le prix est de 2 000 €. Le jury compte '), b('sept'), t(' membres.')), ul(li(p(t('un trophée'))), li(p(t('un diplôme')))))));
  });

  it('keeps the draft where both changed the same words, and counts the conflict', () => {
    const ours = body(p(t('Le prix est de 2 000 €. Le jury compte sept membres.')), ul(li(p(t('un trophée')))));
    const theirs = body(p(t('Le prix est de '), b('3 000 €'), t('. Le jury compte sept membres.')), ul(li(p(t('un trophée')))));
    const merged = mergeContent(base, ours, theirs)!;
    expect(merged.conflicts).toBe(1);
    expect(json(merged.blocks)).toEqual(json(ours));
  });

  it('turns a paragraph into a list item on one side while the other rewords another paragraph', () => {
    const two = body(p(t('Un.')), p(t('Deux.')));
    const ours = body(p(t('Un seul.')), p(t('Deux.')));
    const theirs = body(p(t('Un.')), ul(li(p(t('Deux.')))));
    expect(json(mergeContent(two, ours, theirs)!.blocks)).toEqual(json(body(p(t('Un seul.')), ul(li(p(t('Deux.')))))));
  });
});

describe('changes between two wordings', () => {
  const before = body(p(t('Le jury compte sept membres.')));
  const after = body(p(t('Le jury compte '), b('neuf'), t(' membres.')), ul(li(p(t('dont un président')))));

  it('diffs with marks: the word made bold is replaced, the new list line inserted', () => {
    expect(diffContent(before, after)).toEqual([
      { op: 'equal', text: 'Le jury compte ' },
      { op: 'delete', text: 'sept' },
      { op: 'insert', text: 'neuf', marks: ['strong'] },
      { op: 'equal', text: ' membres.' },
      { op: 'insert', text: '\n\n- dont un président' },
    ]);
  });

  it('places each change in both wordings, with its runs to show in the other', () => {
    const changes = trackChanges(before, after);
    expect(changes.map((c) => ({ op: c.op, runs: c.runs }))).toEqual([
      { op: 'delete', runs: [{ text: 'sept', marks: [] }] },
      { op: 'insert', runs: [{ text: 'neuf', marks: ['strong'] }] },
      { op: 'insert', runs: [{ text: '\ndont un président', marks: [] }] },
    ]);
    const text = (blocks: Node[], from: number, to: number) => rulebookSchema.node('doc', null, [rulebookSchema.node('title'), rulebookSchema.node('article', null, [rulebookSchema.node('article_title'), ...blocks])]).textBetween(from + 5, to + 5);
    expect(text(before, changes[0]!.from, changes[0]!.to)).toBe('sept');
    expect(text(after, changes[1]!.from, changes[1]!.to)).toBe('neuf');
    // The deletion shows in the new wording right where "neuf" starts, the insertion in the old right after "compte ".
    expect(changes[0]!.at).toBe(changes[1]!.from);
    expect(changes[1]!.at).toBe(changes[0]!.to);
  });
});

describe('a proposal with formatting, from the article to the draft', () => {
  it('round trips: proposal → diff → three-way merge with an organiser’s edit → the draft, marks and lists kept', () => {
    const article = (blocks: BlockJson[]) => ({ type: 'article', attrs: { id: 'a3' }, content: [{ type: 'article_title', content: [t('Prix')] }, ...blocks] });
    const doc = (blocks: BlockJson[]) => rulebookSchema.nodeFromJSON({ type: 'doc', content: [{ type: 'title', content: [t('Règlement')] }, article(blocks)] });
    const proposedAt = doc([p(t('Le lauréat reçoit 1 500 €.')), p(t('Le jury délibère.'))]);

    // A member proposes: "1 500 €" in bold, and the second paragraph as a list of two items.
    const base = articleBlocks(proposedAt, 'a3')!;
    const proposal = contentToBlocks(JSON.parse(JSON.stringify(blocksToContent(body(p(t('Le lauréat reçoit '), b('1 500 €'), t('.')), ul(li(p(t('Le jury délibère.'))), li(p(i('à huis clos')))))))))!;
    expect(diffContent(base, proposal).filter((run) => run.op !== 'equal')).toEqual([
      { op: 'delete', text: '1 500 €' },
      { op: 'insert', text: '1 500 €', marks: ['strong'] },
      { op: 'delete', text: '\n\n' },
      { op: 'insert', text: '\n\n- ' },
      { op: 'insert', text: '\n- ' },
      { op: 'insert', text: 'à huis clos', marks: ['em'] },
    ]);

    // Meanwhile an organiser rewords the first sentence's start; accepting merges both.
    const now = doc([p(t('La lauréate reçoit 1 500 €.')), p(t('Le jury délibère.'))]);
    const merged = mergeContent(base, articleBlocks(now, 'a3')!, proposal)!;
    expect(merged.conflicts).toBe(0);
    const draft = rewordArticle(now, 'a3', { title: 'Prix', blocks: merged.blocks })!;
    draft.check();
    const [, ...blocks] = childrenOf(childrenOf(draft)[1]!);
    expect(json(blocks)).toEqual(json(body(p(t('La lauréate reçoit '), b('1 500 €'), t('.')), ul(li(p(t('Le jury délibère.'))), li(p(i('à huis clos')))))));
    expect(draftView(draft).articles[0]!.text).toBe('La lauréate reçoit 1 500 €.\n\n- Le jury délibère.\n- à huis clos');
  });
});
