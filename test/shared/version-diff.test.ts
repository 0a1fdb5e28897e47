import { describe, expect, it } from 'vitest';
import { diffVersions } from '../../shared/doc/version-diff.js';
import type { DraftView } from '../../shared/validation/api.js';

/** A version whose articles are given as [id, title, text]. */
function version(...articles: Array<[string, string, string]>): DraftView {
  return {
    title: 'Règlement',
    preamble: '',
    sections: [],
    articles: articles.map(([id, title, text], i) => ({ id, number: i + 1, title, text, section: null })),
  };
}

const statuses = (d: ReturnType<typeof diffVersions>) => d.articles.map((a) => `${a.id}:${a.status}:${a.fromNumber ?? '-'}>${a.toNumber ?? '-'}`);

describe('diffing two versions', () => {
  const base = version(['a', 'Objet', 'Le prix récompense.'], ['b', 'Jury', 'Sept membres.'], ['c', 'Prix', 'Un trophée.']);

  it('reports an article renumbered by an insertion before it, not removed and added', () => {
    const next = version(['a', 'Objet', 'Le prix récompense.'], ['n', 'Nouveau', 'Texte.'], ['b', 'Jury', 'Sept membres.'], ['c', 'Prix', 'Un trophée.']);
    const d = diffVersions(base, next);
    expect(statuses(d)).toEqual(['a:unchanged:1>1', 'n:added:->2', 'b:renumbered:2>3', 'c:renumbered:3>4']);
    expect(d.summary).toMatchObject({ added: 1, renumbered: 2, unchanged: 1, removed: 0, modified: 0, moved: 0 });
  });

  it('reports a deletion and the renumbering after it, keeping the removed article in place', () => {
    const d = diffVersions(base, version(['a', 'Objet', 'Le prix récompense.'], ['c', 'Prix', 'Un trophée.']));
    expect(statuses(d)).toEqual(['a:unchanged:1>1', 'b:removed:2>-', 'c:renumbered:3>2']);
    expect(d.articles[1]!.text).toEqual([{ op: 'delete', text: 'Sept membres.' }]);
  });

  it('reports a move', () => {
    const d = diffVersions(base, version(['c', 'Prix', 'Un trophée.'], ['a', 'Objet', 'Le prix récompense.'], ['b', 'Jury', 'Sept membres.']));
    expect(statuses(d)).toEqual(['c:moved:3>1', 'a:renumbered:1>2', 'b:renumbered:2>3']);
  });

  it('diffs French wording word by word', () => {
    const d = diffVersions(
      version(['a', 'Objet', "L'organisateur publie « le règlement » : il s'applique."]),
      version(['a', 'Objet', "L'association publie « le règlement officiel » : il s'applique."]),
    );
    expect(d.articles[0]!.status).toBe('modified');
    expect(d.articles[0]!.text!.filter((r) => r.op !== 'equal')).toEqual([
      { op: 'delete', text: 'organisateur' },
      { op: 'insert', text: 'association' },
      { op: 'insert', text: 'officiel ' },
    ]);
  });

  it('diffs a rephrased article phrase by phrase, numbers and dates whole, in its title and text', () => {
    const d = diffVersions(
      version(['a', 'Dotation du 12 mars 2027', "Le lauréat reçoit 1 500 € et s'engage à exercer son activité dans la commune."]),
      version(['a', 'Dotation du 3 avril 2027', "Le lauréat reçoit 2 000 € et s'engage à animer une communauté dans la commune."]),
    );
    expect(d.articles[0]).toMatchObject({
      status: 'modified',
      title: [
        { op: 'equal', text: 'Dotation du ' },
        { op: 'delete', text: '12 mars 2027' },
        { op: 'insert', text: '3 avril 2027' },
      ],
      text: [
        { op: 'equal', text: 'Le lauréat reçoit ' },
        { op: 'delete', text: '1 500 €' },
        { op: 'insert', text: '2 000 €' },
        { op: 'equal', text: " et s'engage à " },
        { op: 'delete', text: 'exercer son activité' },
        { op: 'insert', text: 'animer une communauté' },
        { op: 'equal', text: ' dans la commune.' },
      ],
    });
  });

  it('reports a title-only change as modified, with a title diff and no text diff', () => {
    const d = diffVersions(base, version(['a', 'Objet du prix', 'Le prix récompense.'], ['b', 'Jury', 'Sept membres.'], ['c', 'Prix', 'Un trophée.']));
    expect(d.articles[0]).toMatchObject({ status: 'modified', text: null, title: [{ op: 'equal', text: 'Objet' }, { op: 'insert', text: ' du prix' }] });
    expect(d.summary.modified).toBe(1);
  });
});
