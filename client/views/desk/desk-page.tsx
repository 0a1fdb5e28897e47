import type { ComponentChildren } from 'preact';
import { useRoute } from 'preact-iso';
import { api } from '../../api.js';
import { describeError, useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../format.js';
import type { Desk } from '../../../shared/validation/desk.js';
import { rulebookHref } from '../debate-context.js';
import { useResource } from '../use-resource.js';
import { DeskArticles, OwedAnswers, WaitingThreads } from './desk-lists.js';

/** One headline figure, linking to where it is dealt with when there is such a place. */
function Figure({ label, value, detail, href }: { label: string; value: ComponentChildren; detail?: string; href?: string }) {
  return (
    <div class="report-figure">
      <dt>{href ? <a href={href}>{label}</a> : label}</dt>
      <dd>
        <strong>{value}</strong>
        {detail && <span class="muted small">{detail}</span>}
      </dd>
    </div>
  );
}

/** Days left in the consultation and how many things wait, each kind of them. */
function Figures({ slug, desk }: { slug: string; desk: Desk }) {
  const { t, lang } = useI18n();
  const { consultation, counts } = desk;
  const date = (iso: string | null) => formatDateTime(lang, iso);
  return (
    <>
      {consultation.state !== 'open' && <p class="muted">{t(`desk.state.${consultation.state}`, { date: date(consultation.state === 'upcoming' ? consultation.opensAt : consultation.closesAt) })}</p>}
      <dl class="report-figures" data-testid="desk-figures">
        {consultation.daysLeft !== null && <Figure label={t('desk.figure.daysLeft')} value={consultation.daysLeft} detail={t('desk.daysLeftDetail', { date: date(consultation.closesAt) })} />}
        <Figure label={t('desk.figure.open')} value={counts.openAmendments} detail={t('desk.figure.outdatedDetail', { n: counts.outdated })} href="#desk-articles" />
        <Figure label={t('desk.figure.owed')} value={counts.answerDue} detail={t('desk.figure.owedDetail', { n: counts.overdue })} href="#desk-owed" />
        <Figure label={t('desk.figure.threads')} value={counts.unansweredThreads} href="#desk-threads" />
        <Figure label={t('desk.figure.moderation')} value={counts.moderationWaiting} href={`/r/${encodeURIComponent(slug)}/moderation`} />
      </dl>
    </>
  );
}

/** `/r/:slug/desk` (organisers): the page an organiser opens every morning. */
export function DeskPage() {
  const { t } = useI18n();
  const { params } = useRoute();
  const slug = params.slug!;
  const desk = useResource(() => api.desk(slug), [slug]);
  const data = desk.data;
  return (
    <article class="report-page desk-page" data-testid="desk-page">
      <p class="back-link">
        <a href={rulebookHref(slug)}>{t('report.backPlain')}</a>
      </p>
      <h1>{t('desk.title')}</h1>
      <p class="muted">{t('desk.intro')}</p>
      {desk.error ? <p class="form-error" role="alert">{describeError(t, desk.error)}</p> : null}
      {!data && !desk.error && <p class="muted">{t('common.loading')}</p>}
      {data && (
        <>
          <Figures slug={slug} desk={data} />
          <OwedAnswers slug={slug} desk={data} />
          <DeskArticles slug={slug} desk={data} />
          <WaitingThreads slug={slug} desk={data} />
        </>
      )}
    </article>
  );
}
