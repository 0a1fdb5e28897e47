/** The parts of the version diff page: how each article's change is shown, grouped and credited to amendments. */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { useI18n, type Translate } from '../i18n/index.js';
import type { DraftArticle } from '../../shared/validation/api.js';
import type { Amendment } from '../../shared/validation/amendments.js';
import type { ArticleDiff, DiffRun } from '../../shared/validation/diff.js';
import type { ReleaseSummary } from '../../shared/validation/releases.js';
import { DiffText } from './diff-view.js';
import { rulebookHref, useDebate } from './debate-context.js';
import { ArticleBody, articleHeading } from './frozen-text.js';
import { compareVersions } from './release-bits.js';

export type View = 'inline' | 'side';

/** An amendment credited with the change of an article. */
export interface Cause {
  id: string;
  number: number;
}

/**
 * The amendments that changed each article between two versions: those in the changelogs of the releases after
 * the older version up to the newer one, and, up to the draft, those accepted since the latest release.
 */
export function causesBetween(releases: readonly ReleaseSummary[], accepted: readonly Amendment[], from: string, to: string): Map<string, Cause[]> {
  const [low, high] = compareVersions(from, to) <= 0 ? [from, to] : [to, from];
  const causes = new Map<string, Cause[]>();
  const credit = (articleId: string | null, cause: Cause) => {
    if (!articleId) return;
    const list = causes.get(articleId) ?? [];
    if (!list.some((c) => c.id === cause.id)) causes.set(articleId, [...list, cause]);
  };
  const released = new Set<string>();
  for (const release of releases) {
    for (const a of release.changelog.amendments) released.add(a.id);
    if (compareVersions(release.version, low) > 0 && compareVersions(release.version, high) <= 0) {
      for (const a of release.changelog.amendments) credit(a.articleId, a);
    }
  }
  if (high === 'draft') for (const a of accepted) if (!released.has(a.id)) credit(a.articleId, a);
  return causes;
}

/** "Version 1.0", or "Current draft". */
export function versionName(t: Translate, version: string): string {
  return version === 'draft' ? t('diff.draftOption') : t('releases.version', { version });
}

/** "Article 5 (formerly 4)", "Article 4" for a removed one, with the article's title. */
function diffHeading(t: Translate, article: ArticleDiff): string {
  const title = article.toTitle ?? article.fromTitle;
  if (article.toNumber !== null && article.fromNumber !== null && article.toNumber !== article.fromNumber) {
    const label = t('diff.formerly', { n: article.toNumber, m: article.fromNumber });
    return title?.trim() ? `${label} – ${title}` : label;
  }
  return articleHeading(t, (article.toNumber ?? article.fromNumber)!, title);
}

/** The runs one side of a side-by-side view shows: the old side keeps deletions, the new side insertions. */
const side = (runs: readonly DiffRun[], which: 'old' | 'new') => runs.filter((run) => run.op !== (which === 'old' ? 'insert' : 'delete'));

export const changedRuns = (runs: DiffRun[] | null): runs is DiffRun[] => !!runs && runs.some((run) => run.op !== 'equal');

/** The runs without a trailing inserted or deleted blank (an empty last paragraph), which would show as a bare mark. */
function trimBlankEnd(runs: DiffRun[] | null): DiffRun[] | null {
  if (!runs) return null;
  const out = [...runs];
  while (out.length > 0 && out[out.length - 1]!.op !== 'equal') {
    const last = out[out.length - 1]!;
    const text = last.text.trimEnd();
    if (text === last.text) break;
    if (text) out[out.length - 1] = { ...last, text };
    else out.pop();
  }
  return out;
}

/** The status badge of an article, and badges for its other changes (a modified article may also have moved). */
function ChangeBadges({ article }: { article: ArticleDiff }) {
  const { t } = useI18n();
  const extra: Array<'moved' | 'renumbered'> = [];
  if (article.status === 'modified' && article.moved) extra.push('moved');
  else if (article.status === 'modified' && article.renumbered) extra.push('renumbered');
  return (
    <span class="diff-badges">
      {[article.status, ...extra].map((kind) => (
        <span class={`badge change-badge change-${kind}`}>{t(`change.${kind}`)}</span>
      ))}
    </span>
  );
}

/** "Change made by amendment #3, amendment #5", each a link to the amendment. */
function Causes({ causes }: { causes: Cause[] }) {
  const { t } = useI18n();
  const { slug } = useDebate();
  if (causes.length === 0) return null;
  return (
    <p class="diff-causes small">
      {t('diff.causedBy')}{' '}
      {causes.map((cause, index) => (
        <Fragment key={cause.id}>
          {index > 0 && ', '}
          <a href={rulebookHref(slug, { amendment: cause.id })} data-testid="diff-amendment-link">
            {t('diff.amendmentLink', { n: cause.number })}
          </a>
        </Fragment>
      ))}
    </p>
  );
}

/** Articles that only moved or took a new number, one line each. */
export function CompactGroup({ articles, causes }: { articles: ArticleDiff[]; causes: Map<string, Cause[]> }) {
  const { t } = useI18n();
  return (
    <ul class="compact-group">
      {articles.map((article) => (
        <li class={`diff-article is-compact change-${article.status}`} data-testid="diff-article" data-status={article.status} data-article-id={article.id}>
          <div class="diff-article-head">
            <h3>{diffHeading(t, article)}</h3>
            <ChangeBadges article={article} />
          </div>
          {article.references > 0 && (
            <p class="diff-refs small" data-testid="diff-refs">
              {t('diff.referencesRenumbered')}{' '}
              {(article.text ?? [])
                .filter((run) => run.was !== undefined)
                .map((run) => t('diff.refChange', { was: run.was!, now: run.text }))
                .join(', ')}
            </p>
          )}
          <Causes causes={causes.get(article.id) ?? []} />
        </li>
      ))}
    </ul>
  );
}

/** A changed article: heading with its status, the amendments behind it, and its diff in the chosen view. */
export function ChangedArticle({ article, view, from, to, causes }: { article: ArticleDiff; view: View; from: string; to: string; causes: Cause[] }) {
  const { t } = useI18n();
  // The heading already names a whole added or removed article; its title is not repeated as a diff.
  const title = article.status === 'added' || article.status === 'removed' ? null : article.title;
  const text = trimBlankEnd(article.text);
  const hasText = changedRuns(title) || changedRuns(text);

  const column = (which: 'old' | 'new') => {
    const absent = which === 'old' ? article.status === 'added' : article.status === 'removed';
    return (
      <div class={`diff-column diff-column-${which}`}>
        <p class="diff-column-label">
          {versionName(t, which === 'old' ? from : to)}
        </p>
        {absent ? (
          <p class="muted small">{t('diff.notIn')}</p>
        ) : (
          <>
            {changedRuns(title) && (
              <p class="diff-title">
                <DiffText runs={side(title, which)} />
              </p>
            )}
            {text && (
              <div class="diff-text">
                <DiffText runs={side(text, which)} />
              </div>
            )}
          </>
        )}
      </div>
    );
  };

  return (
    <section class={`diff-article change-${article.status}`} data-testid="diff-article" data-status={article.status} data-article-id={article.id} aria-labelledby={`diff-${article.id}`}>
      <header class="diff-article-head">
        <h3 id={`diff-${article.id}`}>{diffHeading(t, article)}</h3>
        <ChangeBadges article={article} />
      </header>
      <Causes causes={causes} />
      {!hasText ? (
        <p class="muted small">{t('diff.textUnchanged')}</p>
      ) : view === 'inline' ? (
        <div class="diff-paper">
          {changedRuns(title) && (
            <p class="diff-title">
              <DiffText runs={title} />
            </p>
          )}
          {text && (
            <div class="diff-text">
              <DiffText runs={text} />
            </div>
          )}
        </div>
      ) : (
        <div class="diff-columns">
          {column('old')}
          {column('new')}
        </div>
      )}
    </section>
  );
}

/** A run of unchanged articles, folded into one row that unfolds to show them. */
export function UnchangedGroup({ articles, texts }: { articles: ArticleDiff[]; texts: Map<string, DraftArticle> | null }) {
  const { t, tn } = useI18n();
  const [open, setOpen] = useState(false);
  const first = articles[0]!.toNumber;
  const last = articles[articles.length - 1]!.toNumber;
  const id = `unchanged-${articles[0]!.id}`;
  return (
    <div class={`unchanged-group${open ? ' is-open' : ''}`}>
      <button type="button" class="unchanged-toggle" aria-expanded={open} aria-controls={id} data-testid="unchanged-toggle" onClick={() => setOpen(!open)}>
        <span class="unchanged-chevron" aria-hidden="true" />
        <span>{tn('diff.unchangedCount', articles.length)}</span>
        <span class="muted small">{first === last ? t('toc.article', { n: first ?? '' }) : t('diff.articleRange', { from: first ?? '', to: last ?? '' })}</span>
      </button>
      <div id={id} hidden={!open}>
        {open &&
          articles.map((article) => {
            const text = texts?.get(article.id);
            return (
              <section class="diff-article change-unchanged" data-testid="diff-article" data-status="unchanged" data-article-id={article.id} aria-labelledby={`diff-${article.id}`}>
                <h3 id={`diff-${article.id}`}>{diffHeading(t, article)}</h3>
                {text ? (
                  <div class="unchanged-text">
                    <ArticleBody text={text.text} />
                  </div>
                ) : null}
              </section>
            );
          })}
      </div>
    </div>
  );
}

/** A run of articles shown the same way: one changed article, or consecutive ones that only moved, or unchanged ones. */
type ArticleGroup = { kind: 'changed'; articles: [ArticleDiff] } | { kind: 'compact' | 'unchanged'; articles: ArticleDiff[] };

/** The articles of a diff, consecutive unchanged ones and consecutive merely moved or renumbered ones grouped. */
export function groupArticles(articles: readonly ArticleDiff[]): ArticleGroup[] {
  const out: ArticleGroup[] = [];
  for (const article of articles) {
    const kind = article.status === 'unchanged' ? 'unchanged' : article.status === 'moved' || article.status === 'renumbered' ? 'compact' : 'changed';
    const last = out[out.length - 1];
    if (kind === 'changed') out.push({ kind, articles: [article] });
    else if (last?.kind === kind) last.articles.push(article);
    else out.push({ kind, articles: [article] });
  }
  return out;
}
