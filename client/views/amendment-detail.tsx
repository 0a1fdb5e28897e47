import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { describeDebateError, useI18n } from '../i18n/index.js';
import { useRulebookEvent } from '../events.js';
import { FormError } from './form-error.js';
import { KindLabel, RichText, StatusBadge, TimeStamp } from './debate-bits.js';
import { FollowButton } from './notifications/follow-button.js';
import { amendmentTarget, DecisionNote, SupportControl } from './amendment-parts.js';
import { DecisionSection } from './decision-section.js';
import { ReferencedByNotice } from './referenced-by-notice.js';
import { AmendmentNumber, CosignControl, CosignersSection, CosignProgress, DraftPanel } from './cosigning.js';
import { CompareLink, OutdatedBadge, OutdatedNotice } from './outdated.js';
import { DiffBlock } from './diff-view.js';
import { rulebookHref, useDebate } from './debate-context.js';
import { useResource } from './use-resource.js';
import { AmendmentThread } from './amendment-thread.js';
import { EditAmendmentForm } from './suggestion-edit-form.js';

/** `/r/:slug/amendments/:id`: one amendment with its diffs, revisions, supporters, and the actions open to the reader. */
export function AmendmentDetailView({ id }: { id: string }) {
  const { t } = useI18n();
  const debate = useDebate();
  const { slug, isOrganiser } = debate;
  const detail = useResource(() => api.getAmendment(id), [id]);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Its own changes, and those that can make it outdated: a decision on its article, or an edit of the draft.
  const articleId = detail.data?.articleId;
  useRulebookEvent(
    detail.reload,
    (event) =>
      (event.type === 'amendment.changed' && (event.amendmentId === id || (event.change === 'decided' && event.articleId !== null && event.articleId === articleId))) ||
      (event.type === 'rulebook.changed' && event.change === 'draft'),
  );
  useEffect(() => setEditing(false), [id]);

  const back = (
    <p class="back-link">
      <a href={rulebookHref(slug, { tab: 'amendments' })} data-testid="back-to-amendments">
        ← {t('detail.back')}
      </a>
    </p>
  );

  if (detail.error && !detail.data) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <section class="tab-panel">
        {back}
        <p class="form-error" role="alert">
          {missing ? t('error.amendment_not_found') : describeDebateError(t, detail.error)}
        </p>
      </section>
    );
  }
  const amendment = detail.data;
  if (!amendment) {
    return (
      <section class="tab-panel">
        {back}
        <p class="muted" aria-busy="true">
          {t('common.loading')}
        </p>
      </section>
    );
  }

  const withdraw = async () => {
    if (!window.confirm(t('detail.withdrawConfirm', { n: amendment.number }))) return;
    setError(null);
    try {
      await api.withdrawAmendment(amendment.id);
      detail.reload();
    } catch (err) {
      setError(describeDebateError(t, err));
    }
  };
  const canEdit = amendment.mine && (amendment.status === 'open' || amendment.status === 'draft') && (amendment.supportCount ?? 0) === 0 && amendment.cosignerCount === 0;
  const target = amendmentTarget(t, debate, amendment);
  const articleLink =
    amendment.kind !== 'insert' && debate.numberOf(amendment.articleId) !== null
      ? rulebookHref(slug, { article: amendment.articleId! })
      : amendment.kind === 'insert' && amendment.afterArticleId && debate.numberOf(amendment.afterArticleId) !== null
        ? rulebookHref(slug, { article: amendment.afterArticleId })
        : null;

  return (
    <article class="tab-panel amendment-detail" aria-labelledby="amendment-heading" data-testid="amendment-detail">
      {back}
      <header class="detail-head">
        <h2 id="amendment-heading">
          <AmendmentNumber amendment={amendment} /> <KindLabel kind={amendment.kind} /> · {target}
        </h2>
        <span class="amendment-badges">
          <OutdatedBadge amendment={amendment} />
          <StatusBadge status={amendment.status} />
        </span>
        <FollowButton slug={slug} target="amendment" id={amendment.id} />
      </header>
      <p class="amendment-meta">
        {t('amendment.by', { name: amendment.author.displayName })} · <TimeStamp iso={amendment.createdAt} />
        {amendment.updatedAt !== amendment.createdAt && (
          <>
            {' · '}
            {t('detail.updated')} <TimeStamp iso={amendment.updatedAt} />
          </>
        )}
        {articleLink && (
          <>
            {' · '}
            <a href={articleLink}>{t('detail.seeArticle')}</a>
          </>
        )}
        {amendment.status === 'open' && amendment.kind !== 'insert' && !amendment.outdated && articleLink && (
          <>
            {' · '}
            <CompareLink id={amendment.id} slug={slug} />
          </>
        )}
      </p>
      <DraftPanel amendment={amendment} onFiled={detail.reload} />
      <CosignProgress amendment={amendment} />
      <DecisionNote amendment={amendment} />
      <section class="detail-section" aria-labelledby="rationale-heading">
        <h3 id="rationale-heading">{t('detail.rationale')}</h3>
        <RichText text={amendment.rationale} class="amendment-rationale" />
      </section>
      <div class="detail-actions">
        {amendment.status !== 'draft' && <SupportControl amendment={amendment} onChanged={detail.reload} />}
        <CosignControl amendment={amendment} onChanged={detail.reload} />
        {amendment.mine && (amendment.status === 'open' || (amendment.status === 'draft' && canEdit)) && (
          <div class="button-row">
            {canEdit ? (
              <button type="button" class="button-quiet" data-testid="amendment-edit" aria-expanded={editing} onClick={() => setEditing(!editing)}>
                {t('detail.edit')}
              </button>
            ) : (
              <span class="muted small">{t('detail.lockedHint')}</span>
            )}
            {amendment.status === 'open' && (
              <button type="button" class="button-quiet danger" data-testid="amendment-withdraw" onClick={withdraw}>
                {t('detail.withdraw')}
              </button>
            )}
          </div>
        )}
      </div>
      <FormError message={error} />
      {editing && canEdit && (
        <EditAmendmentForm
          amendment={amendment}
          onDone={() => {
            setEditing(false);
            detail.reload();
          }}
          onCancel={() => setEditing(false)}
        />
      )}
      {amendment.status === 'open' && <OutdatedNotice amendment={amendment} />}
      <ReferencedByNotice amendment={amendment} />
      <DiffBlock heading={t('detail.diffProposal')} title={amendment.diff.title} text={amendment.diff.text} testid="diff-proposal" />
      {amendment.currentDiff && amendment.status === 'open' && (
        <>
          <DiffBlock heading={t('detail.diffCurrent')} title={amendment.currentDiff.title} text={amendment.currentDiff.text} testid="diff-current" />
        </>
      )}
      {isOrganiser && amendment.status === 'open' && <DecisionSection amendment={amendment} onDecided={detail.reload} />}
      {amendment.status === 'accepted' && amendment.appliedText !== null && amendment.appliedText !== amendment.text && (
        <section class="detail-section" aria-labelledby="applied-heading">
          <h3 id="applied-heading">{t('detail.applied')}</h3>
          {amendment.appliedTitle && <p class="diff-title">{amendment.appliedTitle}</p>}
          <div class="diff-paper diff-text">{amendment.appliedText}</div>
        </section>
      )}
      <div class="detail-columns">
        <CosignersSection amendment={amendment} />
        <section class="detail-section" aria-labelledby="supporters-heading" data-testid="supporters">
          <h3 id="supporters-heading">
            {t('detail.supporters')} {amendment.supporters && <span class="count-pill">{amendment.supporters.length}</span>}
          </h3>
          {amendment.supporters === null ? (
            <p class="muted" data-testid="supporters-hidden">
              {t('amendment.supportsHidden')}
            </p>
          ) : amendment.supporters.length === 0 ? (
            <p class="muted">{t('detail.noSupporters')}</p>
          ) : (
            <ul class="name-list">
              {amendment.supporters.map((supporter) => (
                <li>{supporter.displayName}</li>
              ))}
            </ul>
          )}
        </section>
        <section class="detail-section" aria-labelledby="revisions-heading" data-testid="revisions">
          <h3 id="revisions-heading">{t('detail.revisions')}</h3>
          {amendment.revisions.length === 0 ? (
            <p class="muted">{t('detail.noRevisions')}</p>
          ) : (
            <ol class="revision-list">
              {[...amendment.revisions].reverse().map((revision) => (
                <li>
                  <details>
                    <summary>
                      {t('detail.revision', { n: revision.revision })} · <TimeStamp iso={revision.createdAt} />
                    </summary>
                    {revision.title && <p class="diff-title">{revision.title}</p>}
                    {revision.text && <div class="diff-text">{revision.text}</div>}
                    <p class="muted small">
                      {t('detail.revisionRationale', { text: revision.rationale })}
                    </p>
                  </details>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
      {amendment.status !== 'draft' && <AmendmentThread amendment={amendment} />}
    </article>
  );
}
