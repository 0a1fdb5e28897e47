import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findRulebook } from '../domain/rulebooks.js';
import { following, setFollow } from '../domain/follows.js';
import { listNotifications, markNotificationsRead, readNotificationPreferences, setNotificationPreference, unreadCount } from '../domain/notifications-inbox.js';
import { ErrorBody, SlugParams } from '../../shared/validation/api.js';
import { CloseCode, closeReason } from '../../shared/protocol.js';
import {
  FollowBody,
  FollowingBody,
  MarkReadBody,
  NotificationListBody,
  NotificationListQuery,
  PreferencesBody,
  PreferencesPatch,
  UnreadBody,
  type PersonalEvent,
} from '../../shared/validation/notifications.js';

/**
 * Following (rulebooks, articles, amendments), one's notifications and their mail settings, and `GET /events/me`:
 * the signed-in person's own live channel. It is bound to the session it was opened with (closed when that
 * session ends, like every supervised socket) and only ever says the unread count, so nothing personal goes
 * over the public per-rulebook channel.
 */
export const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const errorsReply = { '4xx': ErrorBody };
  const tags = ['notifications'];

  app.get(
    '/api/rulebooks/:slug/follows',
    { schema: { tags, summary: 'What the caller follows in a rulebook (nothing when signed out)', params: SlugParams, response: { 200: FollowingBody, ...errorsReply } } },
    async (request) => following(app.domain, await findRulebook(app.domain, request.params.slug), request.user),
  );

  app.put(
    '/api/rulebooks/:slug/follows',
    { schema: { tags, summary: 'Follow or stop following the rulebook, one of its articles or amendments', params: SlugParams, body: FollowBody, response: { 200: FollowingBody, ...errorsReply } } },
    async (request) => setFollow(app.domain, await findRulebook(app.domain, request.params.slug), request.user, request.body),
  );

  app.get(
    '/api/notifications',
    { schema: { tags, summary: "The caller's notifications, newest first, with the unread count", querystring: NotificationListQuery, response: { 200: NotificationListBody, ...errorsReply } } },
    async (request) => listNotifications(app.domain, request.user, request.query),
  );

  app.post(
    '/api/notifications/read',
    { schema: { tags, summary: 'Mark some notifications (ids) or all of them read', body: MarkReadBody, response: { 200: UnreadBody, ...errorsReply } } },
    async (request) => ({ unread: await markNotificationsRead(app.domain, request.user, request.body) }),
  );

  app.get(
    '/api/notifications/preferences',
    { schema: { tags, summary: 'How each kind of notification comes by mail: immediate, digest or off', response: { 200: PreferencesBody, ...errorsReply } } },
    async (request) => readNotificationPreferences(app.domain, request.user),
  );

  app.patch(
    '/api/notifications/preferences',
    { schema: { tags, summary: 'Choose how one kind of notification comes by mail', body: PreferencesPatch, response: { 200: PreferencesBody, ...errorsReply } } },
    async (request) => setNotificationPreference(app.domain, request.user, request.body),
  );

  app.get('/events/me', { websocket: true, schema: { hide: true } }, (socket, request) => {
    const user = request.user;
    if (!user) {
      socket.close(CloseCode.sessionEnded, closeReason[CloseCode.sessionEnded]);
      return;
    }
    const send = async () => {
      if (socket.readyState !== socket.OPEN) return;
      if (app.sockets.isSlow(socket)) close(CloseCode.slowConsumer);
      else socket.send(JSON.stringify({ v: 1, type: 'notifications.changed', unread: await unreadCount(app.db, user.id) } satisfies PersonalEvent));
    };
    const close = app.sockets.supervise(socket, request.sessionToken, app.personalEvents.subscribe(user.id, send));
    socket.on('message', () => close(CloseCode.malformedMessage));
    void send().catch((err: unknown) => request.log.warn({ err }, 'could not send the unread count'));
  });
};
