import { Type, type Static } from '@sinclair/typebox';
import { PersonBody, Slug } from './api.js';
import { TextLimit } from './limits.js';
import { TextKind, UserText } from './text.js';

/** Ids of articles and comments: short, URL-safe tokens. */
const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', maxLength: 64 });

export const ArticleParams = Type.Object({ slug: Slug, articleId: Id }, { additionalProperties: false });

export const CommentParams = Type.Object({ id: Id }, { additionalProperties: false });

export const CreateCommentBody = Type.Object(
  {
    body: UserText(TextLimit.commentBody, TextKind.block),
    parentId: Type.Optional(Id),
    /**
     * A passage of the article, within one paragraph or the title (in an amendment's thread: of its proposed
     * title or text): kept as sent, since it must match.
     */
    quote: Type.Optional(Type.String({ minLength: 1, maxLength: TextLimit.quote, pattern: '\\S' })),
  },
  { additionalProperties: false },
);
export type CreateCommentBody = Static<typeof CreateCommentBody>;

export const EditCommentBody = Type.Object({ body: UserText(TextLimit.commentBody, TextKind.block) }, { additionalProperties: false });

export const HideCommentBody = Type.Object({ reason: UserText(TextLimit.hideReason, TextKind.block) }, { additionalProperties: false });

export const ReportCommentBody = Type.Object({ reason: Type.Optional(UserText(TextLimit.reportReason, TextKind.block)) }, { additionalProperties: false });

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const CommentAnchorBody = Type.Object({
  status: Type.Union([Type.Literal('none'), Type.Literal('attached'), Type.Literal('detached')], {
    description: '`none`: no quote; `attached`: the passage is still there; `detached`: it was deleted from the draft',
  }),
  text: Type.Union([Type.String(), Type.Null()], { description: 'The passage as it reads now (it follows edits)' }),
  start: Type.Union([Type.String(), Type.Null()], { description: 'JSON of the Yjs relative position where the passage starts' }),
  end: Type.Union([Type.String(), Type.Null()], { description: 'JSON of the Yjs relative position where the passage ends' }),
});
/** Where a comment's quoted passage stands in the live draft. */
export type CommentAnchor = Static<typeof CommentAnchorBody>;

export const CommentBody = Type.Object({
  id: Type.String(),
  articleId: Type.String({ description: 'The article commented on; in an amendment\'s thread, the article the amendment concerns' }),
  amendmentId: Type.Union([Type.String(), Type.Null()], { description: 'The amendment whose thread the comment is in; null on an article' }),
  parentId: Type.Union([Type.String(), Type.Null()], { description: 'The comment it replies to' }),
  author: PersonBody,
  body: Type.Union([Type.String(), Type.Null()], { description: 'Null once deleted by its author or hidden by an organiser' }),
  quote: Type.Union([Type.String(), Type.Null()], { description: 'The passage quoted when the comment was made' }),
  anchor: CommentAnchorBody,
  quoteChanged: Type.Boolean({ description: 'The quoted passage still exists but no longer reads as quoted' }),
  articleNumberThen: Type.Union([Type.Integer(), Type.Null()], { description: "The article's number when the comment was made (null when not recorded)" }),
  articleNumber: Type.Union([Type.Integer(), Type.Null()], { description: "The article's number now (null once it left the draft)" }),
  createdAt: Type.String(),
  editedAt: NullableString,
  deletedAt: NullableString,
  hidden: Type.Union([Type.Object({ at: Type.String(), reason: Type.String(), by: Type.String() }), Type.Null()], {
    description: 'Set when an organiser hid the comment; the reason is public',
  }),
  reportCount: Type.Union([Type.Integer(), Type.Null()], { description: "How many people reported it: shown to the rulebook's organisers only" }),
  reportedByMe: Type.Boolean(),
  mine: Type.Boolean(),
});
/** A comment on an article or in an amendment's thread as the API presents it to one viewer; replies point at their parent by `parentId`. */
export type Comment = Static<typeof CommentBody>;

export const CommentCountsBody = Type.Object({ counts: Type.Record(Type.String(), Type.Integer()) });
