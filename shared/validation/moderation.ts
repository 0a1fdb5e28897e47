import { Type, type Static } from '@sinclair/typebox';
import { PersonBody } from './api.js';
import { TextLimit } from './limits.js';
import { TextKind, UserText } from './text.js';

/** Largest automatic-hide threshold an organiser may set. */
export const MAX_AUTO_HIDE_AFTER = 100;

export const RestoreCommentBody = Type.Object({ reason: UserText(TextLimit.hideReason, TextKind.block) }, { additionalProperties: false });

export const KeepCommentBody = Type.Object({ reason: Type.Optional(UserText(TextLimit.hideReason, TextKind.block)) }, { additionalProperties: false });

export const ModerationSettingsBody = Type.Object(
  {
    autoHideAfter: Type.Integer({ minimum: 0, maximum: MAX_AUTO_HIDE_AFTER, description: 'Hide a comment automatically once this many people reported it (0: never)' }),
  },
  { additionalProperties: false },
);
export const ModerationSettingsReply = Type.Object({ autoHideAfter: Type.Union([Type.Integer(), Type.Null()], { description: 'Null: never' }) });
export type ModerationSettings = Static<typeof ModerationSettingsBody>;

export const QueueItemBody = Type.Object({
  commentId: Type.String(),
  articleId: Type.String(),
  amendmentId: Type.Union([Type.String(), Type.Null()], { description: "The amendment whose thread the comment is in; null on an article" }),
  articleNumber: Type.Union([Type.Integer(), Type.Null()], { description: "The article's number now (null once it left the draft)" }),
  articleNumberThen: Type.Union([Type.Integer(), Type.Null()], { description: "The article's number when the comment was made" }),
  parentId: Type.Union([Type.String(), Type.Null()]),
  author: PersonBody,
  body: Type.String({ description: "The comment's text, shown to organisers even when hidden so they can review it" }),
  createdAt: Type.String(),
  hidden: Type.Union([Type.Object({ at: Type.String(), reason: Type.String(), by: Type.Union([Type.String(), Type.Null()], { description: 'Null when hidden automatically' }) }), Type.Null()]),
  reports: Type.Object({
    total: Type.Integer(),
    waiting: Type.Integer({ description: 'Reports no organiser has dealt with yet' }),
    reasons: Type.Array(Type.Object({ reason: Type.String(), at: Type.String() }), { description: 'What reporters wrote, newest first; never who they are' }),
  }),
});
/** A comment in the moderation queue, as its rulebook's organisers see it. */
export type QueueItem = Static<typeof QueueItemBody>;

export const ModerationQueueBody = Type.Object({
  autoHideAfter: Type.Union([Type.Integer(), Type.Null()]),
  waiting: Type.Array(QueueItemBody, { description: 'Reported comments no organiser has dealt with yet, most reported first' }),
  hidden: Type.Array(QueueItemBody, { description: 'Other hidden comments, most recently hidden first' }),
});
/** The organisers' moderation queue. */
export type ModerationQueue = Static<typeof ModerationQueueBody>;

export const ModerationCountBody = Type.Object({ waiting: Type.Integer({ description: 'Reported comments waiting for an organiser' }) });
