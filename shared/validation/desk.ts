import { Type, type Static } from '@sinclair/typebox';
import { PersonBody } from './api.js';
import { AmendmentKind } from './amendments.js';

const NullableInt = (description: string) => Type.Union([Type.Integer(), Type.Null()], { description });

export const DeskAmendmentBody = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  kind: AmendmentKind,
  author: PersonBody,
  supportCount: Type.Integer(),
  cosignerCount: Type.Integer(),
  outdated: Type.Boolean({ description: 'Its article changed since it was proposed' }),
  answerDue: Type.Boolean({ description: 'Co-signed by at least the threshold: owed a public answer' }),
  overdue: Type.Boolean({ description: 'Owed an answer and the consultation closes within a day, or has closed' }),
  createdAt: Type.String(),
});
/** An open amendment as the organiser's overview lists it. */
export type DeskAmendment = Static<typeof DeskAmendmentBody>;

export const DeskArticleBody = Type.Object({
  articleId: Type.Union([Type.String(), Type.Null()], { description: 'Null for insertions at the very start' }),
  number: NullableInt("The article's number now (null once it left the draft, or for the start)"),
  title: Type.Union([Type.String(), Type.Null()]),
  open: Type.Integer({ description: 'Open amendments on this article (insertions: after it)' }),
  outdated: Type.Integer(),
  amendments: Type.Array(DeskAmendmentBody, { description: 'Most supported first' }),
});
/** One article's open amendments. */
export type DeskArticle = Static<typeof DeskArticleBody>;

export const DeskThreadBody = Type.Object({
  commentId: Type.String(),
  articleId: Type.String(),
  articleNumber: NullableInt("The article's number now (null once it left the draft)"),
  articleTitle: Type.Union([Type.String(), Type.Null()]),
  author: PersonBody,
  excerpt: Type.String({ description: "The start of the comment's text" }),
  createdAt: Type.String(),
});
/** A top-level comment no organiser has replied to yet. */
export type DeskThread = Static<typeof DeskThreadBody>;

export const DeskBody = Type.Object({
  consultation: Type.Object({
    state: Type.Union([Type.Literal('unscheduled'), Type.Literal('upcoming'), Type.Literal('open'), Type.Literal('closed')]),
    opensAt: Type.Union([Type.String(), Type.Null()]),
    closesAt: Type.Union([Type.String(), Type.Null()]),
    daysLeft: NullableInt('Whole days (rounded up) until it closes, while open; null otherwise'),
  }),
  counts: Type.Object({
    openAmendments: Type.Integer(),
    outdated: Type.Integer(),
    answerDue: Type.Integer({ description: 'Open amendments owed a public answer' }),
    overdue: Type.Integer(),
    unansweredThreads: Type.Integer(),
    moderationWaiting: Type.Integer({ description: 'Reported comments waiting in the moderation queue' }),
  }),
  cosignThreshold: NullableInt('Co-signers that make an amendment owed an answer (null: none)'),
  articles: Type.Array(DeskArticleBody, { description: 'Articles with open amendments, in draft order' }),
  answerDue: Type.Array(DeskAmendmentBody, { description: 'Open amendments owed an answer, overdue first' }),
  threads: Type.Array(DeskThreadBody, { description: 'Top-level comments with no organiser reply, oldest first' }),
});
/** The organiser's overview of a rulebook's consultation. */
export type Desk = Static<typeof DeskBody>;
