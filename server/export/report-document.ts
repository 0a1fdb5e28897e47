import type { Report, ReportAmendment, ReportArticle, ReportComment } from '../../shared/validation/report.js';
import { errors } from '../errors.js';
import { headingBlock, textBlocks } from './blocks.js';
import { EXPORT_LIMITS, ExportBudget } from './budget.js';
import { clampText, PRINTED_TITLE_CHARS } from './fit.js';
import { Font } from './fonts.js';
import { drawCover, drawFurniture, label } from './furniture.js';
import { Flow, INK, PAGE, type Block, type Span } from './layout.js';
import { openPdf, pdfBytes } from './pdf-file.js';
import { tagger } from './tagging.js';
import { formatDate, labelsFor, typeset, type Labels } from './typography.js';

/** Everything a consultation report PDF shows: the report as the API gives it, and the date it is stated at. */
export interface ReportDocument {
  report: Report;
  /** The instant the data is stated at: fixed by the data for a closed consultation, the export time otherwise. */
  date: Date;
}

const NBSP = '\u00a0';
type Status = ReportAmendment['status'];

interface ReportLabels {
  kicker: string;
  whole: string;
  period: (from: string | null, to: string | null) => string;
  consultation: string;
  window: (opens: string | null, closes: string | null) => string;
  generated: string;
  generatedFrom: (date: string, closed: boolean) => string;
  summary: string;
  figures: (r: Report) => string[];
  rate: (name: 'amendments' | 'threads', count: number, of: number, rate: number | null) => string;
  chart: string;
  legend: { amendments: string; comments: string };
  start: string;
  amendmentHead: (n: number, title: string | null, author: string) => string;
  status: Record<Status, string>;
  outdated: string;
  supports: (n: number) => string;
  released: (version: string) => string;
  target: (then: number | null, now: number | null) => string | null;
  reason: string;
  noReason: string;
  comments: string;
  commentHead: (author: string, date: string) => string;
  replies: (n: number, answered: boolean) => string;
  hidden: string;
  deleted: string;
}

const percent = (rate: number | null, locale: string) => (rate === null ? '–' : `${Math.round(rate * 100)}${locale === 'fr' ? NBSP : ''}%`);

const fr: ReportLabels = {
  kicker: 'Bilan de la consultation',
  whole: 'Toute la consultation',
  period: (from, to) => (from && to ? `Du ${from} au ${to}` : from ? `Depuis le ${from}` : `Jusqu’au ${to}`),
  consultation: 'Consultation',
  window: (opens, closes) => (opens || closes ? `${opens ?? '…'} – ${closes ?? '…'}` : 'sans dates'),
  generated: 'Établi',
  generatedFrom: (date, closed) => `d’après les données de la consultation au ${date}${closed ? ' (consultation close)' : ''}`,
  summary: 'Synthèse',
  figures: ({ totals: t }) => [
    `Amendements : ${t.amendments} – ${t.accepted} acceptés, ${t.rejected} rejetés, ${t.withdrawn} retirés, ${t.open} en attente (dont ${t.outdated} dépassés)`,
    `Fils de commentaires : ${t.comments} – ${t.replies} réponse${t.replies > 1 ? 's' : ''}, ${t.hiddenComments} masqué${t.hiddenComments > 1 ? 's' : ''}`,
    `Contributeurs : ${t.contributors}`,
  ],
  rate: (name, count, of, rate) => `${name === 'amendments' ? 'Amendements tranchés' : 'Fils ayant reçu une réponse des organisateurs'} : ${count} sur ${of} (${percent(rate, 'fr')})`,
  chart: 'Participation par jour',
  legend: { amendments: 'amendements (plein)', comments: 'commentaires (contour)' },
  start: 'Début du règlement',
  amendmentHead: (n, title, author) => `Amendement n°${NBSP}${n}${title ? ` – ${title}` : ''} (${author})`,
  status: { draft: 'brouillon', open: 'en attente', accepted: 'accepté', rejected: 'rejeté', withdrawn: 'retiré' },
  outdated: 'dépassé',
  supports: (n) => `${n} soutien${n > 1 ? 's' : ''}`,
  released: (v) => `publié dans la version ${v}`,
  target: (then, now) => (then === null ? null : now === null ? `article ${then} (supprimé depuis)` : then === now ? `article ${then}` : `article ${then} (aujourd’hui ${now})`),
  reason: 'Motif',
  noReason: 'aucun motif public',
  comments: 'Commentaires',
  commentHead: (author, date) => `${author}, le ${date}`,
  replies: (n, answered) => `${n} réponse${n > 1 ? 's' : ''}${answered ? ', dont une des organisateurs' : ''}`,
  hidden: 'Masqué par les organisateurs',
  deleted: 'Supprimé par son auteur',
};

const en: ReportLabels = {
  kicker: 'Consultation report',
  whole: 'The whole consultation',
  period: (from, to) => (from && to ? `From ${from} to ${to}` : from ? `Since ${from}` : `Until ${to}`),
  consultation: 'Consultation',
  window: (opens, closes) => (opens || closes ? `${opens ?? '…'} – ${closes ?? '…'}` : 'no dates'),
  generated: 'Generated',
  generatedFrom: (date, closed) => `from the consultation’s data as of ${date}${closed ? ' (consultation closed)' : ''}`,
  summary: 'Summary',
  figures: ({ totals: t }) => [
    `Amendments: ${t.amendments} – ${t.accepted} accepted, ${t.rejected} rejected, ${t.withdrawn} withdrawn, ${t.open} open (${t.outdated} outdated)`,
    `Comment threads: ${t.comments} – ${t.replies} repl${t.replies === 1 ? 'y' : 'ies'}, ${t.hiddenComments} hidden`,
    `Contributors: ${t.contributors}`,
  ],
  rate: (name, count, of, rate) => `${name === 'amendments' ? 'Amendments decided' : 'Threads answered by the organisers'}: ${count} of ${of} (${percent(rate, 'en')})`,
  chart: 'Participation per day',
  legend: { amendments: 'amendments (solid)', comments: 'comments (outline)' },
  start: 'Start of the rulebook',
  amendmentHead: (n, title, author) => `Amendment no. ${n}${title ? ` – ${title}` : ''} (${author})`,
  status: { draft: 'draft', open: 'open', accepted: 'accepted', rejected: 'rejected', withdrawn: 'withdrawn' },
  outdated: 'outdated',
  supports: (n) => `${n} support${n === 1 ? '' : 's'}`,
  released: (v) => `released in version ${v}`,
  target: (then, now) => (then === null ? null : now === null ? `article ${then} (since removed)` : then === now ? `article ${then}` : `article ${then} (now ${now})`),
  reason: 'Reason',
  noReason: 'no public reason',
  comments: 'Comments',
  commentHead: (author, date) => `${author}, ${date}`,
  replies: (n, answered) => `${n} repl${n === 1 ? 'y' : 'ies'}${answered ? ', one from the organisers' : ''}`,
  hidden: 'Hidden by the organisers',
  deleted: 'Deleted by its author',
};

const sans = (text: string, font: Font = Font.sans, color: string = INK.text): Span => ({ text, font, color });

/** A line or two of small print (facts about an amendment or comment) as a paragraph. */
const meta = (doc: PDFKit.PDFDocument, labels: Labels, spans: Span[], spaceBefore = 2): Block => headingBlock(doc, labels, spans.map((s) => ({ ...s, text: typeset(labels, s.text) })), 9.5, spaceBefore, 'P');

function articleTitle(labels: Labels, words: ReportLabels, article: ReportArticle): string {
  if (article.articleId === null) return words.start;
  const title = article.title ?? '';
  if (article.numberNow !== null) return labels.article(article.numberNow, title);
  const then = article.amendments[0]?.articleNumberThen ?? article.comments[0]?.articleNumberThen ?? null;
  return then === null ? title : labels.formerArticle(then, title);
}

function amendmentBlocks(doc: PDFKit.PDFDocument, labels: Labels, words: ReportLabels, a: ReportAmendment): Block[] {
  const head = headingBlock(doc, labels, [sans(typeset(labels, words.amendmentHead(a.number, a.title, a.author.displayName)), Font.sansSemibold)], 10.5, 12);
  const facts = [words.status[a.status] + (a.outdated ? ` (${words.outdated})` : ''), a.supports === null ? null : words.supports(a.supports), words.target(a.articleNumberThen, a.articleNumberNow), a.release ? words.released(a.release) : null];
  const text = a.text ? textBlocks(doc, labels, a.text) : [];
  if (text[0]) text[0] = { ...text[0], spaceBefore: 3 };
  return [
    head,
    meta(doc, labels, [sans(facts.filter(Boolean).join(' · '), Font.sans, INK.muted)]),
    ...text,
    // Only a decision has a reason to print; an amendment still open or withdrawn is not missing one.
    ...(a.status === 'accepted' || a.status === 'rejected'
      ? [meta(doc, labels, [sans(`${words.reason}${labels.locale === 'fr' ? ' ' : ''}: `, Font.sansSemibold), sans(a.reason ?? words.noReason, a.reason ? Font.sans : Font.bodyItalic)], 3)]
      : []),
  ];
}

function commentBlocks(doc: PDFKit.PDFDocument, labels: Labels, words: ReportLabels, c: ReportComment): Block[] {
  const facts = `${words.commentHead(c.author.displayName, formatDate(labels, new Date(c.createdAt)))} · ${words.replies(c.replies, c.organiserReplied)}`;
  const head = meta(doc, labels, [sans(facts, Font.sansSemibold, INK.muted)], 10);
  // The report never carries a hidden or deleted comment's text; only the public reason is printed.
  if (c.state === 'hidden') return [head, meta(doc, labels, [sans(`${words.hidden}${labels.locale === 'fr' ? ' ' : ''}: `, Font.sansSemibold), sans(c.hiddenReason ?? '', Font.bodyItalic)], 3)];
  if (c.state === 'deleted') return [head, meta(doc, labels, [sans(words.deleted, Font.bodyItalic, INK.muted)], 3)];
  const body = textBlocks(doc, labels, c.body ?? '');
  if (body[0]) body[0] = { ...body[0], spaceBefore: 3 };
  return [head, ...body];
}

const CHART = { row: 15, bar: 9, labelWidth: 78, numbers: 64 } as const;

/**
 * The participation per day as horizontal bars, one row per day: amendments solid, comments in outline after
 * them, the counts written at the end of the row, so it reads without colour. The bars are artifacts; each row's
 * day and counts are a paragraph of the tagged PDF.
 */
async function drawParticipation(flow: Flow, labels: Labels, words: ReportLabels, days: Report['participation']['byDay']): Promise<void> {
  const { doc } = flow;
  const most = Math.max(1, ...days.map((d) => d.amendments + d.comments));
  const unit = (PAGE.right - PAGE.left - CHART.labelWidth - CHART.numbers) / most;
  await flow.ensure(CHART.row * Math.min(3, days.length + 1));
  const legendY = flow.y;
  tagger(doc).artifact('Layout', () => {
    doc.save().rect(PAGE.left, legendY + 2, 12, 7).fill(INK.text).restore();
    doc.save().rect(PAGE.left + 150.5, legendY + 2.5, 12, 6).lineWidth(1).stroke(INK.text).restore();
  });
  tagger(doc).add('P', () => {
    label(doc, words.legend.amendments, PAGE.left + 17, legendY, Font.sans, 8.5, INK.muted);
    label(doc, words.legend.comments, PAGE.left + 167, legendY, Font.sans, 8.5, INK.muted);
  });
  flow.y += CHART.row + 3;
  for (const day of days) {
    await flow.ensure(CHART.row);
    const y = flow.y;
    const x = PAGE.left + CHART.labelWidth;
    const solid = day.amendments * unit;
    const outline = day.comments * unit;
    tagger(doc).artifact('Layout', () => {
      if (solid > 0) doc.save().rect(x, y + 2, solid, CHART.bar).fill(INK.text).restore();
      if (outline > 0) doc.save().rect(x + solid + 0.5, y + 2.5, Math.max(outline - 1, 0.5), CHART.bar - 1).lineWidth(1).stroke(INK.text).restore();
      doc.save().moveTo(x, y).lineTo(x, y + CHART.row).lineWidth(0.4).stroke(INK.rule).restore();
    });
    const counts = `${day.amendments} + ${day.comments}`;
    tagger(doc).add('P', () => {
      label(doc, formatDate(labels, new Date(`${day.day}T00:00:00Z`)), PAGE.left, y + 1, Font.sans, 8.5, INK.text);
      label(doc, counts, x + solid + outline + 5, y + 1, Font.sans, 8.5, INK.text);
    });
    flow.y += CHART.row;
  }
}

/** The period a report covers, in words. */
function periodLine(words: ReportLabels, labels: Labels, period: Report['period']): string {
  const day = (d: string | null) => (d ? formatDate(labels, new Date(`${d}T00:00:00Z`)) : null);
  return period.from || period.to ? words.period(day(period.from), day(period.to)) : words.whole;
}

/**
 * Render a consultation report: a cover (title, period, the date its data is stated at), a summary with the
 * figures, answer rates and participation per day, then one section per article listing every amendment (number,
 * author, status, supports, the organiser's public reason) and every thread (hidden ones by their public reason).
 * The same report and date always give the same bytes.
 */
export async function renderReportPdf({ report, date }: ReportDocument, limits = EXPORT_LIMITS): Promise<Buffer> {
  const budget = new ExportBudget(limits);
  const size = JSON.stringify(report.articles).length;
  if (size > limits.maxChars) throw errors.exportTooLarge(`it holds ${size} characters of text, more than ${limits.maxChars}`);
  const labels = labelsFor(report.rulebook.language);
  const words = labels.locale === 'fr' ? fr : en;
  const title = clampText(report.rulebook.title.trim() || '—', PRINTED_TITLE_CHARS);
  const period = periodLine(words, labels, report.period);
  const closed = report.consultation.state === 'closed';
  const stamp = formatDate(labels, date, true);
  const doc = openPdf({ title: `${title} – ${words.kicker}`, author: 'Amendo', subject: period, language: report.rulebook.language, date });

  const at = (iso: string | null) => (iso ? formatDate(labels, new Date(iso)) : null);
  drawCover(doc, {
    kicker: words.kicker,
    title: typeset(labels, title),
    version: period,
    facts: [
      [words.consultation, words.window(at(report.consultation.opensAt), at(report.consultation.closesAt))],
      [words.generated, typeset(labels, words.generatedFrom(stamp, closed))],
    ],
    notes: null,
  });

  const flow = new Flow(doc, budget);
  await flow.newPage();
  const h2 = (text: string, spaceBefore: number) => headingBlock(doc, labels, [sans(typeset(labels, text), Font.sansBold)], 15, spaceBefore, 'H2');
  await flow.blocks([h2(words.summary, 0)]);
  const rates = report.answerRates;
  const figures = [
    ...words.figures(report),
    words.rate('amendments', rates.amendmentsDecided.count, rates.amendmentsDecided.of, rates.amendmentsDecided.rate),
    words.rate('threads', rates.threadsAnswered.count, rates.threadsAnswered.of, rates.threadsAnswered.rate),
  ];
  await flow.blocks(figures.map((text, i) => ({ ...meta(doc, labels, [sans(text)], i === 0 ? 10 : 4), lineHeight: 15 })));
  if (report.participation.byDay.length) {
    await flow.keepWithNext([headingBlock(doc, labels, [sans(words.chart, Font.sansSemibold)], 12, 18)], undefined, 0, CHART.row * 2);
    await drawParticipation(flow, labels, words, report.participation.byDay);
  }

  for (const article of report.articles) {
    await budget.pause(flow.page + 1);
    const blocks = [...article.amendments.flatMap((a) => amendmentBlocks(doc, labels, words, a))];
    if (article.comments.length) blocks.push(headingBlock(doc, labels, [sans(words.comments, Font.sansSemibold)], 10.5, 14), ...article.comments.flatMap((c) => commentBlocks(doc, labels, words, c)));
    await flow.keepWithNext([h2(articleTitle(labels, words, article), 26)], blocks[0], 1, blocks[1] ? flow.height(blocks[1]) : 0);
    // Each amendment's heading stays with its first facts.
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i]!;
      if (block.role === 'H3' && blocks[i + 1]) await flow.keepWithNext([block], blocks[i + 1], 2);
      else await flow.block(block);
    }
  }

  await drawFurniture(doc, labels, { title, version: period, footer: `${words.kicker} – ${stamp}`, watermark: null }, budget);
  return pdfBytes(doc);
}
