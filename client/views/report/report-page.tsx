import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { api, reportHref, type ReportPeriod } from '../../api.js';
import { describeError, useI18n } from '../../i18n/index.js';
import { formatDateTime, localeFor } from '../../format.js';
import type { Report } from '../../../shared/validation/report.js';
import { rulebookHref } from '../debate-context.js';
import { useResource } from '../use-resource.js';
import { ParticipationChart } from './participation-chart.js';
import { ReportArticles } from './report-articles.js';

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)} %`);

/** Choose the days the report covers; the choice lives in the address, so a report can be linked to. */
function PeriodForm({ slug, period }: { slug: string; period: ReportPeriod }) {
  const { t } = useI18n();
  const { route } = useLocation();
  const [from, setFrom] = useState(period.from ?? '');
  const [to, setTo] = useState(period.to ?? '');
  const submit = (event: Event) => {
    event.preventDefault();
    const query = new URLSearchParams(Object.entries({ from, to }).filter(([, v]) => v));
    route(`/r/${slug}/report${query.size ? `?${query}` : ''}`);
  };
  return (
    <form class="report-period" onSubmit={submit} data-testid="report-period">
      <label class="field">
        <span>{t('report.from')}</span>
        <input type="date" value={from} max={to || undefined} onInput={(e) => setFrom(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>{t('report.to')}</span>
        <input type="date" value={to} min={from || undefined} onInput={(e) => setTo(e.currentTarget.value)} />
      </label>
      <button type="submit" class="button-quiet">
        {t('report.applyPeriod')}
      </button>
    </form>
  );
}

/** The headline figures: amendments by outcome, threads, contributors and the two answer rates. */
function Figures({ report }: { report: Report }) {
  const { t } = useI18n();
  const { totals, answerRates } = report;
  const figures = [
    { label: t('report.figure.amendments'), value: String(totals.amendments), detail: t('report.figure.amendmentsDetail', totals) },
    { label: t('report.figure.threads'), value: String(totals.comments), detail: t('report.figure.threadsDetail', totals) },
    { label: t('report.figure.decided'), value: percent(answerRates.amendmentsDecided.rate), detail: t('report.figure.of', { count: answerRates.amendmentsDecided.count, of: answerRates.amendmentsDecided.of }) },
    { label: t('report.figure.answered'), value: percent(answerRates.threadsAnswered.rate), detail: t('report.figure.of', { count: answerRates.threadsAnswered.count, of: answerRates.threadsAnswered.of }) },
    { label: t('report.figure.contributors'), value: String(totals.contributors), detail: '' },
  ];
  return (
    <dl class="report-figures" data-testid="report-figures">
      {figures.map((f) => (
        <div class="report-figure">
          <dt>{f.label}</dt>
          <dd>
            <strong>{f.value}</strong>
            {f.detail && <span class="muted small">{f.detail}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** `/r/:slug/report`: the consultation report everyone can read and download, with its participation charts. */
export function ReportPage() {
  const { t, lang } = useI18n();
  const { params } = useRoute();
  const { query } = useLocation();
  const slug = params.slug!;
  const period: ReportPeriod = { from: query.from || undefined, to: query.to || undefined };
  const report = useResource(() => api.report(slug, period), [slug, period.from, period.to]);
  const data = report.data;
  const dayLabel = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString(localeFor(lang), { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const articleLabel = (n: number | null, id: string | null) => (id === null ? t('report.atStart') : n === null ? t('report.removedShort') : t('toc.article', { n }));
  return (
    <article class="report-page" data-testid="report-page">
      <p class="back-link">
        <a href={rulebookHref(slug)}>{data ? t('report.back', { title: data.rulebook.title }) : t('report.backPlain')}</a>
      </p>
      <h1>{t('report.title')}</h1>
      {data && <p class="lead">{data.rulebook.title}</p>}
      {data?.consultation.opensAt && data.consultation.closesAt && (
        <p class="muted">{t('window.range', { from: formatDateTime(lang, data.consultation.opensAt), to: formatDateTime(lang, data.consultation.closesAt) })}</p>
      )}
      <div class="report-tools">
        <PeriodForm key={`${period.from}/${period.to}`} slug={slug} period={period} />
        <p class="report-downloads">
          <a class="button-quiet" href={reportHref(slug, 'csv', period)} download data-testid="report-csv">
            {t('report.downloadCsv')}
          </a>
          <a class="button-quiet" href={reportHref(slug, 'xlsx', period)} download data-testid="report-xlsx">
            {t('report.downloadXlsx')}
          </a>
          <a class="button-quiet" href={reportHref(slug, 'pdf', period)} download data-testid="report-pdf">
            {t('report.downloadPdf')}
          </a>
        </p>
      </div>
      {report.error ? <p class="form-error" role="alert">{describeError(t, report.error)}</p> : null}
      {!data && !report.error && <p class="muted">{t('common.loading')}</p>}
      {data && (
        <>
          <Figures report={data} />
          <section class="report-charts" aria-labelledby="report-participation">
            <h2 id="report-participation">{t('report.participation')}</h2>
            <ParticipationChart
              id="per-day"
              shape="columns"
              title={t('report.perDay')}
              head={t('report.day')}
              summary={t('report.perDaySummary', { days: data.participation.byDay.length, amendments: data.totals.amendments, threads: data.totals.comments })}
              entries={data.participation.byDay.map((d) => ({ label: dayLabel(d.day), counts: d }))}
            />
            <ParticipationChart
              id="per-article"
              shape="rows"
              title={t('report.perArticle')}
              head={t('report.article')}
              summary={t('report.perArticleSummary', { articles: data.participation.byArticle.length })}
              entries={data.participation.byArticle.map((a) => ({ label: articleLabel(a.numberNow, a.articleId), counts: a }))}
            />
          </section>
          <section aria-labelledby="report-by-article">
            <h2 id="report-by-article">{t('report.byArticle')}</h2>
            <ReportArticles slug={slug} articles={data.articles} />
          </section>
        </>
      )}
    </article>
  );
}
