import { Type, type Static } from '@sinclair/typebox';
import { PersonBody } from './api.js';
import { DiffRunBody } from './diff.js';
import { TextLimit } from './limits.js';
import { TextKind, UserText } from './text.js';

const ArticleId = Type.String({ minLength: 1, maxLength: 64 });
const Rationale = UserText(TextLimit.rationale, TextKind.block);
const Text = UserText(TextLimit.amendmentText, TextKind.block);
const Title = UserText(TextLimit.amendmentTitle, TextKind.line, { allowBlank: true });

export const ProposeAmendmentBody = Type.Union([
  Type.Object(
    { kind: Type.Literal('modify'), articleId: ArticleId, title: Type.Optional(Title), text: Text, rationale: Rationale },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('insert'), afterArticleId: Type.Union([ArticleId, Type.Null()]), title: Title, text: Text, rationale: Rationale },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('delete'), articleId: ArticleId, rationale: Rationale }, { additionalProperties: false }),
]);
export type ProposeAmendmentBody = Static<typeof ProposeAmendmentBody>;

export const EditAmendmentBody = Type.Object(
  { title: Type.Optional(Title), text: Type.Optional(Text), rationale: Type.Optional(Rationale) },
  { additionalProperties: false, minProperties: 1 },
);
export type EditAmendmentBody = Static<typeof EditAmendmentBody>;

export const DecisionBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('accept'), Type.Literal('reject')]),
    reason: UserText(TextLimit.decisionReason, TextKind.block),
    resolvedTitle: Type.Optional(Title),
    resolvedText: Type.Optional(Text),
  },
  { additionalProperties: false },
);
export type DecisionBody = Static<typeof DecisionBody>;

export const AmendmentStatus = Type.Union([Type.Literal('open'), Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('withdrawn')]);
/** Where an amendment stands. */
export type AmendmentStatus = Static<typeof AmendmentStatus>;

export const AmendmentKind = Type.Union([Type.Literal('modify'), Type.Literal('insert'), Type.Literal('delete')]);
/** The three kinds of proposal. */
export type AmendmentKind = Static<typeof AmendmentKind>;

export const AmendmentListQuery = Type.Object(
  {
    status: Type.Optional(AmendmentStatus),
    articleId: Type.Optional(ArticleId),
    sort: Type.Union([Type.Literal('support'), Type.Literal('recent')], { default: 'recent' }),
  },
  { additionalProperties: false },
);
export type AmendmentListQuery = Static<typeof AmendmentListQuery>;

export const AmendmentParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const Wording = Type.Object({ title: Type.String(), text: Type.String() });
/** An article's title and text. */
export type Wording = Static<typeof Wording>;

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const TextDiff = Type.Object({ title: Type.Union([Type.Array(DiffRunBody), Type.Null()]), text: Type.Array(DiffRunBody) });

export const AmendmentBody = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  kind: AmendmentKind,
  articleId: Nullable(Type.String()),
  afterArticleId: Nullable(Type.String()),
  articleNumber: Type.Union([Type.Integer(), Type.Null()]),
  title: Nullable(Type.String()),
  text: Nullable(Type.String()),
  rationale: Type.String(),
  baseTitle: Nullable(Type.String()),
  baseText: Nullable(Type.String()),
  author: PersonBody,
  status: AmendmentStatus,
  decisionReason: Nullable(Type.String()),
  decidedBy: Type.Union([PersonBody, Type.Null()]),
  decidedAt: Nullable(Type.String()),
  appliedTitle: Nullable(Type.String()),
  appliedText: Nullable(Type.String()),
  supportCount: Type.Integer(),
  supportedByMe: Type.Boolean(),
  mine: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

/** An amendment as the API presents it. */
export type Amendment = Static<typeof AmendmentBody>;

export const AmendmentDetailBody = Type.Composite([
  AmendmentBody,
  Type.Object({
    revisions: Type.Array(
      Type.Object({ revision: Type.Integer(), title: Nullable(Type.String()), text: Nullable(Type.String()), rationale: Type.String(), createdAt: Type.String() }),
    ),
    diff: TextDiff,
    currentDiff: Type.Union([TextDiff, Type.Null()]),
    current: Type.Union([Wording, Type.Null()]),
    supporters: Type.Array(Type.Object({ displayName: Type.String() })),
  }),
]);

/** An amendment with its revisions, supporters and word-level diffs. */
export type AmendmentDetail = Static<typeof AmendmentDetailBody>;

export const AmendmentConflictBody = Type.Object({
  base: Wording,
  current: Type.Union([Wording, Type.Null()], { description: 'Null when the article (or, for an insertion, the one it was to follow) no longer exists' }),
  proposed: Wording,
});
/** What `409 amendment_conflict` carries in `error.details`: the three wordings an organiser merges by hand. */
export type AmendmentConflict = Static<typeof AmendmentConflictBody>;
