import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PersonBody, Slug } from './api.js';
import { AmendmentKind, AmendmentStatus } from './amendments.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, description: 'A day, YYYY-MM-DD (UTC)' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ReportParams = Type.Object({ slug: Slug }, { additionalProperties: false });

export const ReportQuery = Type.Object(
  { from: Type.Optional(Day), to: Type.Optional(Day) },
  { additionalProperties: false, description: 'Only contributions made from `from` to `to`, both days included (UTC); either may be left out' },
);
export type ReportQuery = Static<typeof ReportQuery>;

export const ReportAmendmentBody = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  kind: AmendmentKind,
  articleNumberThen: Nullable(Type.Integer({ description: 'The number of its article in the version it targeted' })),
  articleNumberNow: Nullable(Type.Integer({ description: 'The number of its article today (null once it left the draft)' })),
  title: Nullable(Type.String({ description: 'The title it proposed' })),
  text: Nullable(Type.String({ description: 'The wording it proposed' })),
  rationale: Type.String(),
  author: PersonBody,
  createdAt: Type.String(),
  /** Null while the rulebook hides support counts until its consultation closes. */
  supports: Type.Union([Type.Integer(), Type.Null()]),
  status: AmendmentStatus,
  outdated: Type.Boolean({ description: 'Open, and its article changed since it was proposed' }),
  reason: Nullable(Type.String({ description: "The organiser's public reason for the decision" })),
  decidedAt: Nullable(Type.String()),
  decidedBy: Nullable(Type.String()),
  release: Nullable(Type.String({ description: 'For an accepted amendment: the first release whose changelog lists it' })),
});
/** An amendment as the consultation report shows it. */
export type ReportAmendment = Static<typeof ReportAmendmentBody>;

export const ReportCommentBody = Type.Object({
  id: Type.String(),
  articleNumberThen: Nullable(Type.Integer({ description: "The article's number when the comment was made" })),
  articleNumberNow: Nullable(Type.Integer()),
  author: PersonBody,
  createdAt: Type.String(),
  state: Type.Union([Type.Literal('visible'), Type.Literal('hidden'), Type.Literal('deleted')]),
  body: Nullable(Type.String({ description: 'Null when hidden by an organiser or deleted by its author' })),
  hiddenReason: Nullable(Type.String({ description: 'The public reason it was hidden' })),
  replies: Type.Integer({ description: 'Replies in its thread, at any depth, not counting deleted ones' }),
  organiserReplied: Type.Boolean({ description: 'Whether an organiser replied in its thread' }),
});
/** A top-level comment (a thread) as the consultation report shows it. */
export type ReportComment = Static<typeof ReportCommentBody>;

export const ReportArticleBody = Type.Object({
  articleId: Nullable(Type.String({ description: 'Null for insertions at the very start' })),
  numberNow: Nullable(Type.Integer({ description: 'Null once it left the draft' })),
  title: Nullable(Type.String({ description: 'Its title today, or the last one known' })),
  amendments: Type.Array(ReportAmendmentBody),
  comments: Type.Array(ReportCommentBody),
});
/** One article's share of the debate. */
export type ReportArticle = Static<typeof ReportArticleBody>;

const Rate = Type.Object({
  count: Type.Integer(),
  of: Type.Integer(),
  rate: Nullable(Type.Number({ description: 'count / of, between 0 and 1; null when `of` is 0' })),
});

export const ParticipationBody = Type.Object({
  byDay: Type.Array(Type.Object({ day: Type.String(), amendments: Type.Integer(), comments: Type.Integer() }), { description: 'Every day from the first contribution to the last (UTC)' }),
  byArticle: Type.Array(Type.Object({ articleId: Nullable(Type.String()), numberNow: Nullable(Type.Integer()), amendments: Type.Integer(), comments: Type.Integer() })),
});
/** Contributions (amendments and top-level comments) per day and per article. */
export type Participation = Static<typeof ParticipationBody>;

export const ReportBody = Type.Object({
  rulebook: Type.Object({ slug: Type.String(), title: Type.String(), language: Type.String() }),
  consultation: Type.Object({ opensAt: Nullable(Type.String()), closesAt: Nullable(Type.String()), state: Type.String() }),
  period: Type.Object({ from: Nullable(Day), to: Nullable(Day) }),
  totals: Type.Object({
    amendments: Type.Integer(),
    accepted: Type.Integer(),
    rejected: Type.Integer(),
    withdrawn: Type.Integer(),
    open: Type.Integer(),
    outdated: Type.Integer(),
    comments: Type.Integer({ description: 'Top-level comments (threads)' }),
    replies: Type.Integer(),
    hiddenComments: Type.Integer(),
    contributors: Type.Integer({ description: 'People who proposed or commented' }),
  }),
  answerRates: Type.Object({
    /** Amendments accepted or rejected, out of those not withdrawn. */
    amendmentsDecided: Rate,
    /** Threads (not deleted) in which an organiser replied. */
    threadsAnswered: Rate,
  }),
  participation: ParticipationBody,
  articles: Type.Array(ReportArticleBody, { description: 'In the order of the draft today; articles since removed last' }),
});
/** The consultation report: every amendment and thread by article, with figures. */
export type Report = Static<typeof ReportBody>;
