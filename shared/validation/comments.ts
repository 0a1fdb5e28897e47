import { Type, type Static } from '@sinclair/typebox';
import { Slug } from './api.js';

/** Longest comment body, in characters. */
export const MAX_COMMENT_CHARS = 10_000;

/** Longest quoted passage, in characters. */
export const MAX_QUOTE_CHARS = 2_000;

/** Longest reason for hiding or reporting a comment. */
export const MAX_REASON_CHARS = 500;

/** Text with at least one non-blank character (it is stored trimmed). */
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

/** Ids of articles and comments: short, URL-safe tokens. */
const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

export const ArticleParams = Type.Object({ slug: Slug, articleId: Id }, { additionalProperties: false });

export const CommentParams = Type.Object({ id: Id }, { additionalProperties: false });

export const CreateCommentBody = Type.Object(
  {
    body: Text(MAX_COMMENT_CHARS),
    parentId: Type.Optional(Id),
    /** A passage of the article, within one paragraph or the title. */
    quote: Type.Optional(Text(MAX_QUOTE_CHARS)),
  },
  { additionalProperties: false },
);
export type CreateCommentBody = Static<typeof CreateCommentBody>;

export const EditCommentBody = Type.Object({ body: Text(MAX_COMMENT_CHARS) }, { additionalProperties: false });

export const HideCommentBody = Type.Object({ reason: Text(MAX_REASON_CHARS) }, { additionalProperties: false });

export const ReportCommentBody = Type.Object({ reason: Type.Optional(Text(MAX_REASON_CHARS)) }, { additionalProperties: false });

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const CommentBody = Type.Object({
  id: Type.String(),
  articleId: Type.String(),
  parentId: NullableString,
  author: Type.Object({ id: Type.String(), displayName: Type.String() }),
  body: NullableString,
  quote: NullableString,
  anchor: Type.Object({
    status: Type.Union([Type.Literal('none'), Type.Literal('attached'), Type.Literal('detached')]),
    text: NullableString,
    start: NullableString,
    end: NullableString,
  }),
  createdAt: Type.String(),
  editedAt: NullableString,
  deletedAt: NullableString,
  hidden: Type.Union([Type.Object({ at: Type.String(), reason: Type.String(), by: Type.String() }), Type.Null()]),
  reportCount: Type.Union([Type.Integer(), Type.Null()]),
  reportedByMe: Type.Boolean(),
  mine: Type.Boolean(),
});

export const CommentCountsBody = Type.Object({ counts: Type.Record(Type.String(), Type.Integer()) });
