import { useI18n } from '../i18n/index.js';
import { tokenize } from '../../shared/doc/diff.js';
import type { DiffRun } from '../../shared/validation/diff.js';

/** A changed run's text with its numbers and dates (the tokens with spaces inside) kept on one line, as the units the diff compared. */
export function unbroken(text: string) {
  return tokenize(text).map((token) => (/\S\s+\S/u.test(token) ? <span class="diff-unit">{token}</span> : token));
}

/** A run's text in its bold and italic, if it has any. */
function marked(run: DiffRun) {
  let out: ReturnType<typeof unbroken> | preact.JSX.Element = unbroken(run.text);
  if (run.marks?.includes('em')) out = <em>{out}</em>;
  if (run.marks?.includes('strong')) out = <strong>{out}</strong>;
  return out;
}

/**
 * Runs of a diff as text with `<ins>` and `<del>`; each change also says what it is to screen readers, which do
 * not announce those elements by default. A reference whose article was renumbered says how it read before.
 */
export function DiffText({ runs }: { runs: readonly DiffRun[] }) {
  const { t } = useI18n();
  return (
    <>
      {runs.map((run) =>
        run.op === 'insert' ? (
          <ins>
            <span class="visually-hidden">{t('diff.insertStart')}</span>
            {marked(run)}
            <span class="visually-hidden">{t('diff.insertEnd')}</span>
          </ins>
        ) : run.op === 'delete' ? (
          <del>
            <span class="visually-hidden">{t('diff.deleteStart')}</span>
            {marked(run)}
            <span class="visually-hidden">{t('diff.deleteEnd')}</span>
          </del>
        ) : run.was !== undefined ? (
          <span class="diff-ref" data-testid="diff-ref-renumbered">
            {run.text} <span class="diff-ref-was">{t('diff.refWas', { was: run.was })}</span>
          </span>
        ) : run.marks ? (
          marked(run)
        ) : (
          run.text
        ),
      )}
    </>
  );
}

/** A titled diff block: the article title's runs (if any) above the text's. */
export function DiffBlock({ heading, title, text, testid }: { heading: string; title: DiffRun[] | null; text: DiffRun[]; testid: string }) {
  const { t } = useI18n();
  const changed = text.some((run) => run.op !== 'equal') || (title?.some((run) => run.op !== 'equal') ?? false);
  return (
    <section class="diff-block" data-testid={testid}>
      <h3 class="diff-heading">{heading}</h3>
      <div class="diff-legend" aria-hidden="true">
        <ins>{t('diff.legendInserted')}</ins> <del>{t('diff.legendDeleted')}</del>
      </div>
      <div class="diff-paper">
        {title && (
          <p class="diff-title">
            <DiffText runs={title} />
          </p>
        )}
        <div class="diff-text">
          <DiffText runs={text} />
        </div>
      </div>
      {!changed && <p class="muted small">{t('diff.noChange')}</p>}
    </section>
  );
}
