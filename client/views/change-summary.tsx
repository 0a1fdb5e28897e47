/** The change an amendment proposes, as a card shows it: its changed phrases with a few words around each. */
import { Fragment } from 'preact';
import { useMemo } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';
import { diffWords, tokenize } from '../../shared/doc/diff.js';
import type { DiffRun } from '../../shared/validation/diff.js';
import type { Amendment } from '../../shared/validation/amendments.js';
import { DiffText } from './diff-view.js';

/** A piece of a summarised diff: a run kept, or a gap where unchanged text was left out. */
export type SummaryPart = DiffRun | { op: 'gap' };

/** How the summary is cut: words of context kept on each side of a change, changes shown, characters per change. */
export interface SummaryLimits {
  context: number;
  changes: number;
  changeLength: number;
}

const LIMITS: SummaryLimits = { context: 5, changes: 4, changeLength: 160 };

/** The first (or last) `words` words of a text, with the spaces between them. */
function edge(text: string, words: number, from: 'start' | 'end'): string {
  const tokens = tokenize(text);
  if (from === 'end') tokens.reverse();
  const kept: string[] = [];
  let count = 0;
  for (const token of tokens) {
    if (/\S/u.test(token) && count++ === words) break;
    kept.push(token);
  }
  if (from === 'end') kept.reverse();
  return kept.join('');
}

const shorten = (text: string, length: number) => (text.length > length ? `${text.slice(0, length).trimEnd()}…` : text);

/**
 * A diff collapsed to its changes: unchanged runs keep `context` words beside each change and the rest becomes a
 * gap; past `changes` changed phrases (an insertion, a deletion, or a deletion then its insertion) the rest is one
 * gap, and a long changed run is cut. A diff without a change gives no part.
 */
export function summarizeDiff(runs: readonly DiffRun[], limits: SummaryLimits = LIMITS): SummaryPart[] {
  if (!runs.some((run) => run.op !== 'equal')) return [];
  const parts: SummaryPart[] = [];
  const gap = () => parts[parts.length - 1]?.op !== 'gap' && parts.push({ op: 'gap' });
  let phrases = 0;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    if (run.op !== 'equal') {
      // A deletion followed by its insertion is one phrase.
      if (run.op === 'delete' || runs[i - 1]?.op !== 'delete') phrases++;
      if (phrases > limits.changes) {
        gap();
        break;
      }
      parts.push({ op: run.op, text: shorten(run.text, limits.changeLength) });
      continue;
    }
    const before = i > 0 ? edge(run.text, limits.context, 'start') : '';
    const after = i < runs.length - 1 && phrases < limits.changes ? edge(run.text, limits.context, 'end') : '';
    if (before.length + after.length >= run.text.length) {
      parts.push({ op: 'equal', text: run.text });
      continue;
    }
    if (before) parts.push({ op: 'equal', text: before });
    gap();
    if (after) parts.push({ op: 'equal', text: after });
  }
  return parts;
}

/** The summary lines of an amendment: its title's change (if any) and its text's, or the start of a new or removed article. */
function amendmentSummary(amendment: Amendment): { title: SummaryPart[]; text: SummaryPart[] } {
  if (amendment.kind === 'delete') return { title: [], text: amendment.baseText ? summarizeDiff([{ op: 'delete', text: amendment.baseText }], { ...LIMITS, changeLength: 200 }) : [] };
  if (amendment.text === null) return { title: [], text: [] };
  if (amendment.kind === 'insert') {
    return { title: [], text: summarizeDiff([{ op: 'insert', text: amendment.text }], { ...LIMITS, changeLength: 200 }) };
  }
  const titleChanged = amendment.title !== null && amendment.title !== (amendment.baseTitle ?? '');
  return {
    title: titleChanged ? summarizeDiff(diffWords(amendment.baseTitle ?? '', amendment.title!)) : [],
    text: summarizeDiff(diffWords(amendment.baseText ?? '', amendment.text)),
  };
}

function Parts({ parts }: { parts: SummaryPart[] }) {
  const { t } = useI18n();
  return (
    <>
      {parts.map((part, i) =>
        part.op === 'gap' ? (
          <span key={i} class="change-gap" title={t('card.gap')}>
            <span aria-hidden="true">…</span>
            <span class="visually-hidden">{t('card.gap')}</span>
          </span>
        ) : (
          <Fragment key={i}>
            <DiffText runs={[part]} />
          </Fragment>
        ),
      )}
    </>
  );
}

/** An amendment card's view of its change: the changed phrases against the wording it was proposed on. */
export function ChangeSummary({ amendment }: { amendment: Amendment }) {
  const { t } = useI18n();
  const summary = useMemo(() => amendmentSummary(amendment), [amendment.kind, amendment.title, amendment.text, amendment.baseTitle, amendment.baseText]);
  if (summary.title.length === 0 && summary.text.length === 0) return null;
  return (
    <figure class="change-summary" data-testid="change-summary">
      <figcaption class="visually-hidden">{amendment.kind === 'insert' ? t('card.newText') : t('card.change')}</figcaption>
      {summary.title.length > 0 && (
        <p class="change-summary-title">
          <Parts parts={summary.title} />
        </p>
      )}
      {summary.text.length > 0 && (
        <p class="change-summary-text">
          <Parts parts={summary.text} />
        </p>
      )}
    </figure>
  );
}
