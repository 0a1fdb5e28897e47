import { Type, type Static } from '@sinclair/typebox';
import { PersonBody } from './api.js';
import { DiffRunBody } from './diff.js';
import { ArticleContentBody, ArticleContentReply } from '../doc/content.js';
import { TextLimit } from './limits.js';
import { TextKind, UserText } from './text.js';

const ArticleId = Type.String({ minLength: 1, maxLength: 64 });
const Rationale = UserText(TextLimit.rationale, TextKind.block);
const Text = UserText(TextLimit.amendmentText, TextKind.block);
const Title = UserText(TextLimit.amendmentTitle, TextKind.line, { allowBlank: true });

/** The proposed body as structured content: what keeps its formatting (bold, italic, lists). */
const Body = Type.Optional(ArticleContentBody);
const PlainText = Type.Optional(
  UserText(TextLimit.amendmentText, TextKind.block, {
    description: 'The proposed body as plain text (blocks separated by a blank line, `- ` list lines), when `content` is not sent: unchanged blocks keep their formatting',
  }),
);

const BasedOn = Type.Optional(
  Type.Object(
    { title: Title, content: ArticleContentBody },
    {
      additionalProperties: false,
      description:
        'The wording the proposal was written from. If the article changed since, the proposal is merged into its current wording (the changes made meanwhile kept), or refused with 409 article_changed where both changed the same words',
    },
  ),
);

const AsDraft = Type.Optional(
  Type.Boolean({ description: 'Open it as a draft: unlisted and unnumbered, shared by its link to collect co-signers until its author files it' }),
);

export const ProposeAmendmentBody = Type.Union([
  Type.Object(
    { kind: Type.Literal('modify'), articleId: ArticleId, title: Type.Optional(Title), content: Body, text: PlainText, basedOn: BasedOn, rationale: Rationale, draft: AsDraft },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('insert'), afterArticleId: Type.Union([ArticleId, Type.Null()]), title: Title, content: Body, text: PlainText, rationale: Rationale, draft: AsDraft },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('delete'), articleId: ArticleId, rationale: Rationale, draft: AsDraft }, { additionalProperties: false }),
]);
export type ProposeAmendmentBody = Static<typeof ProposeAmendmentBody>;

export const EditAmendmentBody = Type.Object(
  { title: Type.Optional(Title), content: Body, text: PlainText, rationale: Type.Optional(Rationale) },
  { additionalProperties: false, minProperties: 1 },
);
export type EditAmendmentBody = Static<typeof EditAmendmentBody>;

export const DecisionBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('accept'), Type.Literal('reject')]),
    reason: UserText(TextLimit.decisionReason, TextKind.block),
    resolvedTitle: Type.Optional(Title),
    resolvedText: Type.Optional(Text),
    resolvedAgainst: Type.Optional(
      Type.String({ maxLength: 128, description: 'The `currentHash` of the conflict this resolution answers: if the article changed since, the decision is refused with a fresh conflict' }),
    ),
  },
  { additionalProperties: false },
);
export type DecisionBody = Static<typeof DecisionBody>;

export const AmendmentStatus = Type.Union([Type.Literal('draft'), Type.Literal('open'), Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('withdrawn')]);
/** Where an amendment stands. */
export type AmendmentStatus = Static<typeof AmendmentStatus>;

export const AmendmentKind = Type.Union([Type.Literal('modify'), Type.Literal('insert'), Type.Literal('delete')]);
/** The three kinds of proposal. */
export type AmendmentKind = Static<typeof AmendmentKind>;

export const AmendmentListQuery = Type.Object(
  {
    status: Type.Optional(AmendmentStatus),
    articleId: Type.Optional(ArticleId),
    sort: Type.Union([Type.Literal('support'), Type.Literal('recent'), Type.Literal('answer')], {
      default: 'recent',
      description: '`answer`: those owed a public answer first (overdue, then co-signed past the threshold), then the most supported',
    }),
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
  articleNumber: Type.Union([Type.Integer(), Type.Null()], { description: 'The number of the article concerned now (null once it left the draft)' }),
  articleNumberThen: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Its number when the amendment was proposed (for an insert: of the article it goes after); null at the start, or when not recorded',
  }),
  decidedArticleNumber: Type.Union([Type.Integer(), Type.Null()], { description: 'Its number when the amendment was decided' }),
  title: Nullable(Type.String()),
  text: Nullable(Type.String()),
  rationale: Type.String(),
  baseTitle: Nullable(Type.String()),
  baseText: Nullable(Type.String()),
  content: Type.Union([ArticleContentReply, Type.Null()], {
    description: 'The proposed body as structured content (ProseMirror JSON blocks, as sent); null for a deletion or an amendment older than structured content',
  }),
  baseContent: Type.Union([ArticleContentReply, Type.Null()], { description: 'The article body when proposed, as structured content' }),
  author: PersonBody,
  status: AmendmentStatus,
  decisionReason: Nullable(Type.String()),
  decidedBy: Type.Union([PersonBody, Type.Null()]),
  decidedAt: Nullable(Type.String()),
  appliedTitle: Nullable(Type.String()),
  appliedText: Nullable(Type.String()),
  merged: Type.Boolean({ description: 'Accepted by merging it with changes made to the article since it was proposed' }),
  outdated: Type.Boolean({ description: 'Open, and its article changed since it was proposed' }),
  preview: Type.Union([Type.Literal('clean'), Type.Literal('conflict'), Type.Null()], {
    description: 'When outdated: whether accepting it now would merge cleanly or need a person to resolve a conflict',
  }),
  supportCount: Type.Union([Type.Integer(), Type.Null()], { description: 'Null while the rulebook hides supports until the consultation closes (organisers always see it)' }),
  supportedByMe: Type.Boolean(),
  cosignerCount: Type.Integer(),
  cosignedByMe: Type.Boolean(),
  commentCount: Type.Integer({ description: 'Comments in its thread (deleted ones not counted; hidden ones are: the thread shows where they were)' }),
  cosignThreshold: Type.Union([Type.Integer(), Type.Null()], { description: "The rulebook's threshold: with this many co-signers an amendment must get a public answer before the consultation closes (null: none)" }),
  answerDue: Type.Boolean({ description: 'Filed with at least `cosignThreshold` co-signers' }),
  overdue: Type.Boolean({ description: 'Owed an answer, still undecided, and the consultation closed or closes within a day' }),
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
    supporters: Type.Union([Type.Array(Type.Object({ displayName: Type.String() })), Type.Null()], { description: 'Null while supports are hidden, like `supportCount`' }),
    cosigners: Type.Array(Type.Object({ displayName: Type.String() })),
    referencedBy: Type.Array(Type.Object({ id: Type.String(), number: Type.Integer(), title: Type.String() }), {
      description: 'For a deletion: the articles of the current draft whose text refers to the article it deletes (those references would read as removed)',
    }),
  }),
]);

/** An amendment with its revisions, supporters and word-level diffs. */
export type AmendmentDetail = Static<typeof AmendmentDetailBody>;

export const MergeConflictBody = Type.Object({
  field: Type.Union([Type.Literal('title'), Type.Literal('text')]),
  base: Type.String(),
  ours: Type.String({ description: 'The current wording of the span, which the merge keeps' }),
  theirs: Type.String({ description: 'The proposal’s wording of the span' }),
  start: Type.Integer({ description: 'Where the span starts in the merged title or text' }),
  end: Type.Integer(),
});
/** A span of a merge where the draft and the proposal changed the same words differently. */
export type MergeConflict = Static<typeof MergeConflictBody>;

export const AmendmentConflictBody = Type.Object({
  base: Wording,
  current: Type.Union([Wording, Type.Null()], { description: 'Null when the article (or, for an insertion, the one it was to follow) no longer exists' }),
  proposed: Wording,
  merged: Type.Union([Wording, Type.Null()], {
    description: 'The three-way merge of the proposal into the current wording, keeping the current wording where they conflict; null for a deletion or a missing article',
  }),
  conflicts: Type.Array(MergeConflictBody),
  currentHash: Type.Union([Type.String(), Type.Null()], { description: 'Send it back as `resolvedAgainst` with the resolved wording' }),
});
/** What `409 amendment_conflict` carries in `error.details`: the three wordings, and their merge with its conflicting spans marked. */
export type AmendmentConflict = Static<typeof AmendmentConflictBody>;

export const CompetingAmendmentsBody = Type.Object({
  article: Type.Union([Type.Object({ id: Type.String(), number: Type.Integer(), title: Type.String(), text: Type.String() }), Type.Null()], {
    description: 'The article as it is now; null for an insertion or an article no longer in the draft',
  }),
  amendments: Type.Array(
    Type.Object({
      amendment: AmendmentBody,
      change: Type.Object({ title: Type.Union([Type.Array(DiffRunBody), Type.Null()]), text: Type.Array(DiffRunBody) }, { description: 'What accepting it now would change in the current wording' }),
      conflicts: Type.Array(MergeConflictBody),
    }),
  ),
});
/** The open amendments on one article, each as the change it would make to the article now. */
export type CompetingAmendments = Static<typeof CompetingAmendmentsBody>;

export const CosignThresholdBody = Type.Object(
  { threshold: Type.Integer({ minimum: 0, maximum: 100000, description: 'Co-signers from which an amendment must get a public answer before the consultation closes (0: no such rule)' }) },
  { additionalProperties: false },
);
export type CosignThresholdBody = Static<typeof CosignThresholdBody>;

export const CosignThresholdReply = Type.Object({ threshold: Type.Union([Type.Integer(), Type.Null()], { description: 'Null: no such rule' }) });
