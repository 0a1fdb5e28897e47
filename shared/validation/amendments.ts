import { Type, type Static } from '@sinclair/typebox';

/** Longest article text an amendment may propose. */
export const MAX_AMENDMENT_TEXT = 50_000;

const NonBlank = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
const ArticleId = Type.String({ minLength: 1, maxLength: 64 });
const Rationale = NonBlank(10_000);
const Text = NonBlank(MAX_AMENDMENT_TEXT);
const Title = Type.String({ maxLength: 300 });

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
    reason: NonBlank(5_000),
    resolvedTitle: Type.Optional(Title),
    resolvedText: Type.Optional(Text),
  },
  { additionalProperties: false },
);
export type DecisionBody = Static<typeof DecisionBody>;

export const AmendmentStatus = Type.Union([Type.Literal('open'), Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('withdrawn')]);

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

const Person = Type.Object({ id: Type.String(), displayName: Type.String() });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Run = Type.Object({ op: Type.Union([Type.Literal('equal'), Type.Literal('insert'), Type.Literal('delete')]), text: Type.String() });
const TextDiff = Type.Object({ title: Type.Union([Type.Array(Run), Type.Null()]), text: Type.Array(Run) });

export const AmendmentBody = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  kind: Type.Union([Type.Literal('modify'), Type.Literal('insert'), Type.Literal('delete')]),
  articleId: Nullable(Type.String()),
  afterArticleId: Nullable(Type.String()),
  articleNumber: Type.Union([Type.Integer(), Type.Null()]),
  title: Nullable(Type.String()),
  text: Nullable(Type.String()),
  rationale: Type.String(),
  baseTitle: Nullable(Type.String()),
  baseText: Nullable(Type.String()),
  author: Person,
  status: AmendmentStatus,
  decisionReason: Nullable(Type.String()),
  decidedBy: Type.Union([Person, Type.Null()]),
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
    current: Type.Union([Type.Object({ title: Type.String(), text: Type.String() }), Type.Null()]),
    supporters: Type.Array(Type.Object({ displayName: Type.String() })),
  }),
]);

/** An amendment with its revisions, supporters and word-level diffs. */
export type AmendmentDetail = Static<typeof AmendmentDetailBody>;

/** What `409 amendment_conflict` carries in `error.details`: the three wordings an organiser merges by hand. */
export interface AmendmentConflict {
  base: { title: string; text: string };
  /** Null when the article (or, for an insertion, the one it was to follow) no longer exists. */
  current: { title: string; text: string } | null;
  proposed: { title: string; text: string };
}
