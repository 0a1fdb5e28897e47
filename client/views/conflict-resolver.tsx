import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';
import type { Amendment, AmendmentConflict, MergeConflict, Wording } from '../../shared/validation/amendments.js';
import { TextLimit } from '../../shared/validation/limits.js';
import { diffWords } from '../../shared/doc/diff.js';
import { DiffText, unbroken } from './diff-view.js';

/** Whether an API error's details are a conflict's. */
export function isConflict(details: unknown): details is AmendmentConflict {
  const d = details as Partial<AmendmentConflict> | null;
  return typeof d === 'object' && d !== null && typeof d.base === 'object' && typeof d.current === 'object' && typeof d.proposed === 'object' && Array.isArray(d.conflicts);
}

/** The three wordings of a conflicting amendment, stacked or side by side as room allows, the later two marked against the base. */
function ConflictWordings({ conflict, kind }: { conflict: AmendmentConflict; kind: Amendment['kind'] }) {
  const { t } = useI18n();
  const column = (label: string, wording: Wording | null, compare: boolean, testid: string) => (
    <section class="conflict-column" data-testid={testid}>
      <h5>{label}</h5>
      {wording === null ? (
        <p class="muted">{t('decision.conflictGone')}</p>
      ) : (
        <>
          {wording.title ? <p class="conflict-title">{compare ? <DiffText runs={diffWords(conflict.base.title, wording.title)} /> : wording.title}</p> : null}
          <div class="conflict-text">{compare ? <DiffText runs={diffWords(conflict.base.text, wording.text)} /> : unbroken(wording.text)}</div>
        </>
      )}
    </section>
  );
  return (
    <div class={`conflict-grid${kind === 'delete' ? ' is-pair' : ''}`}>
      {column(t('decision.conflictBase'), conflict.base, false, 'conflict-base')}
      {column(t('decision.conflictCurrent'), conflict.current, true, 'conflict-current')}
      {kind !== 'delete' && column(t('decision.conflictProposed'), conflict.proposed, true, 'conflict-proposed')}
    </div>
  );
}

type Choice = 'ours' | 'theirs';

/** The merged title or text with each of its conflicts worded as chosen, as text and as runs (conflicts marked). */
function compose(merged: string, conflicts: readonly MergeConflict[], choices: readonly Choice[], offset: number) {
  const parts: Array<{ text: string; conflict: number | null }> = [];
  let at = 0;
  conflicts.forEach((c, i) => {
    parts.push({ text: merged.slice(at, c.start), conflict: null });
    parts.push({ text: choices[offset + i] === 'theirs' ? c.theirs : c.ours, conflict: offset + i });
    at = c.end;
  });
  parts.push({ text: merged.slice(at), conflict: null });
  return { text: parts.map((p) => p.text).join(''), parts };
}

/** One side of a clash, quoted (an empty side says it was removed). */
function Quoted({ text }: { text: string }) {
  const { t } = useI18n();
  return text ? <q class="merge-quote">{unbroken(text)}</q> : <em class="muted">{t('merge.removed')}</em>;
}

/**
 * What an organiser sees when accepting an amendment clashes with later changes to its article: the three wordings,
 * and the text to adopt prefilled with their merge (the draft's wording kept where they clash), each clash marked
 * with a choice between the draft's and the proposal's wording. Choices rewrite the fields until they are edited by hand.
 */
export function ConflictResolver({
  conflict,
  kind,
  title,
  text,
  onChange,
}: {
  conflict: AmendmentConflict;
  kind: Amendment['kind'];
  title: string;
  text: string;
  onChange: (wording: Wording) => void;
}) {
  const { t } = useI18n();
  const [choices, setChoices] = useState<Choice[]>(() => conflict.conflicts.map(() => 'ours'));
  const [byHand, setByHand] = useState(false);
  const merged = conflict.merged;
  const titleConflicts = conflict.conflicts.filter((c) => c.field === 'title');
  const textConflicts = conflict.conflicts.filter((c) => c.field === 'text');
  const wordingOf = (next: readonly Choice[]) =>
    merged && { title: compose(merged.title, titleConflicts, next, 0), text: compose(merged.text, textConflicts, next, titleConflicts.length) };
  const composed = wordingOf(choices);

  const choose = (index: number, choice: Choice) => {
    const next = choices.map((c, i) => (i === index ? choice : c));
    setChoices(next);
    const wording = wordingOf(next);
    if (wording) onChange({ title: wording.title.text, text: wording.text.text });
  };
  const reset = () => {
    setByHand(false);
    if (composed) onChange({ title: composed.title.text, text: composed.text.text });
  };
  const edit = (wording: Wording) => {
    setByHand(true);
    onChange(wording);
  };

  const marked = (parts: ReturnType<typeof compose>['parts']) =>
    parts.map((p) =>
      p.conflict === null ? (
        p.text
      ) : (
        <mark class="merge-conflict" data-testid="merge-conflict-mark">
          <span class="merge-conflict-number" aria-hidden="true">
            {p.conflict + 1}
          </span>
          {p.text ? unbroken(p.text) : <em class="muted">{t('merge.removed')}</em>}
        </mark>
      ),
    );

  return (
    <div class="conflict" data-testid="conflict-resolver">
      {conflict.current !== null && kind !== 'delete' && <p class="notice merge-help">{t('merge.help')}</p>}
      <ConflictWordings conflict={conflict} kind={kind} />
      {conflict.current !== null && kind !== 'delete' && composed && (
        <>
          {conflict.conflicts.length > 0 && (
            <fieldset class="merge-choices" disabled={byHand}>
              <legend>{t('merge.conflicts')}</legend>
              {conflict.conflicts.map((c, i) => (
                <div class="merge-choice" data-testid="merge-choice">
                  <p class="merge-choice-label">
                    <span class="merge-conflict-number">{i + 1}</span> {c.field === 'title' ? t('merge.conflictTitle') : t('merge.conflictText', { n: i + 1 - titleConflicts.length })}
                  </p>
                  <label class="merge-option">
                    <input type="radio" name={`merge-choice-${i}`} checked={choices[i] === 'ours'} onChange={() => choose(i, 'ours')} data-testid="merge-keep-current" />
                    <span>
                      {t('merge.keepCurrent')} <Quoted text={c.ours} />
                    </span>
                  </label>
                  <label class="merge-option">
                    <input type="radio" name={`merge-choice-${i}`} checked={choices[i] === 'theirs'} onChange={() => choose(i, 'theirs')} data-testid="merge-take-proposal" />
                    <span>
                      {t('merge.takeProposal')} <Quoted text={c.theirs} />
                    </span>
                  </label>
                </div>
              ))}
            </fieldset>
          )}
          {!byHand && (
            <section class="merge-preview" aria-label={t('merge.preview')} data-testid="merge-preview">
              <h5>{t('merge.preview')}</h5>
              {composed.title.text && <p class="conflict-title">{marked(composed.title.parts)}</p>}
              <div class="conflict-text">{marked(composed.text.parts)}</div>
            </section>
          )}
          <label class="field">
            <span>{t('decision.resolvedTitle')}</span>
            <input value={title} maxLength={TextLimit.amendmentTitle} data-testid="resolved-title" onInput={(e) => edit({ title: e.currentTarget.value, text })} />
          </label>
          <label class="field">
            <span>{t('decision.resolvedText')}</span>
            <textarea rows={8} value={text} required maxLength={TextLimit.amendmentText} data-testid="resolved-text" onInput={(e) => edit({ title, text: e.currentTarget.value })} />
          </label>
          {byHand && (
            <p class="muted small merge-by-hand">
              {t('merge.editedByHand')}{' '}
              <button type="button" class="button-quiet button-small" onClick={reset} data-testid="merge-reset">
                {t('merge.reset')}
              </button>
            </p>
          )}
        </>
      )}
    </div>
  );
}
