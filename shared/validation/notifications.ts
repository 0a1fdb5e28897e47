import { Type, type Static } from '@sinclair/typebox';

/** What one may follow: a whole rulebook, an article (by its stable id) or an amendment. */
export const FollowTarget = Type.Union([Type.Literal('rulebook'), Type.Literal('article'), Type.Literal('amendment')]);
export type FollowTarget = Static<typeof FollowTarget>;

export const FollowBody = Type.Object(
  {
    target: FollowTarget,
    /** The article's or amendment's id; left out for the rulebook itself. */
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    follow: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type FollowBody = Static<typeof FollowBody>;

/** What the signed-in person follows in one rulebook (all false/empty when signed out). */
export const FollowingBody = Type.Object({
  rulebook: Type.Boolean(),
  articles: Type.Array(Type.String()),
  amendments: Type.Array(Type.String()),
});
export type Following = Static<typeof FollowingBody>;

/** Kinds of notification, each with its own mail delivery and one-click unsubscribe. */
export const NotificationKindName = Type.Union([
  Type.Literal('replies'),
  Type.Literal('decisions'),
  Type.Literal('new_amendments'),
  Type.Literal('reports'),
  Type.Literal('releases'),
  Type.Literal('consultation'),
]);
export type NotificationKindName = Static<typeof NotificationKindName>;

/** How a kind of notification reaches someone by mail. */
export const Delivery = Type.Union([Type.Literal('immediate'), Type.Literal('digest'), Type.Literal('off')]);
export type Delivery = Static<typeof Delivery>;

/** What a notification says; the client writes the sentence in the reader's language. */
export const NotificationPayload = Type.Object({
  type: Type.String(),
  rulebookTitle: Type.String(),
  actorName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  number: Type.Optional(Type.Number()),
  articleNumber: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  title: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  reason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  version: Type.Optional(Type.String()),
  at: Type.Optional(Type.String()),
  excerpt: Type.Optional(Type.String()),
});
export type NotificationPayload = Static<typeof NotificationPayload>;

export const NotificationBody = Type.Object({
  id: Type.Number(),
  kind: NotificationKindName,
  path: Type.String(),
  createdAt: Type.String(),
  read: Type.Boolean(),
  payload: NotificationPayload,
});
export type Notification = Static<typeof NotificationBody>;

export const NotificationListBody = Type.Object({ unread: Type.Number(), items: Type.Array(NotificationBody) });
export type NotificationList = Static<typeof NotificationListBody>;

export const NotificationListQuery = Type.Object(
  { before: Type.Optional(Type.Integer({ minimum: 1 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })) },
  { additionalProperties: false },
);
export type NotificationListQuery = Static<typeof NotificationListQuery>;

export const MarkReadBody = Type.Object(
  { ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100 })), all: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type MarkReadBody = Static<typeof MarkReadBody>;

export const UnreadBody = Type.Object({ unread: Type.Number() });

/** Each kind of notification's mail delivery. */
export const PreferencesBody = Type.Record(NotificationKindName, Delivery);
export type Preferences = Static<typeof PreferencesBody>;

export const PreferencesPatch = Type.Object(
  { kind: NotificationKindName, delivery: Delivery },
  { additionalProperties: false },
);
export type PreferencesPatch = Static<typeof PreferencesPatch>;

/** The per-person live channel (`/events/me`): the unread count changed. Nothing else is said. */
export interface PersonalEvent {
  v: 1;
  type: 'notifications.changed';
  unread: number;
}
