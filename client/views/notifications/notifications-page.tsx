import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { describeError, useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../format.js';
import { unreadNotifications } from '../../notifications.js';
import { session } from '../../session.js';
import { useStore } from '../../store.js';
import { notificationSentence } from './notification-sentence.js';
import type { NotificationList } from '../../../shared/validation/notifications.js';

/** `/notifications`: what happened to what one follows, newest first; refetched when the unread count changes. */
export function NotificationsPage() {
  const { t, lang } = useI18n();
  const me = useStore(session);
  const unread = useStore(unreadNotifications);
  const [list, setList] = useState<NotificationList | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    document.title = `${t('notifications.title')} · ${t('app.name')}`;
  }, [t]);
  useEffect(() => {
    if (me) api.notifications().then(setList, setError);
  }, [me, unread]);
  if (me === undefined) return <p>{t('common.loading')}</p>;
  if (me === null) return <p class="narrow card"><a href="/signin?next=/notifications">{t('notifications.signInFirst')}</a></p>;
  const markAll = async () => unreadNotifications.set((await api.markNotificationsRead({ all: true })).unread);
  const open = (id: number) => void api.markNotificationsRead({ ids: [id] }).then((r) => unreadNotifications.set(r.unread));
  return (
    <section class="narrow card stack" data-testid="notifications-page">
      <h1>{t('notifications.title')}</h1>
      {error ? <p role="alert">{describeError(t, error)}</p> : null}
      {list && list.unread > 0 && (
        <p>
          <button type="button" class="button-quiet" onClick={markAll} data-testid="notifications-read-all">
            {t('notifications.readAll')}
          </button>
        </p>
      )}
      {list === null ? (
        <p>{t('common.loading')}</p>
      ) : list.items.length === 0 ? (
        <p>{t('notifications.empty')}</p>
      ) : (
        <ul class="notification-list" data-testid="notification-list">
          {list.items.map((n) => (
            <li key={n.id} class={n.read ? 'notification' : 'notification notification-unread'} data-testid="notification">
              <a href={n.path} onClick={() => open(n.id)}>
                {!n.read && <span class="visually-hidden">{t('notifications.unread')} </span>}
                {notificationSentence(t, n)}
              </a>
              {n.payload.reason && <p class="notification-reason">{t('notifications.reason', { reason: n.payload.reason })}</p>}
              <time dateTime={n.createdAt}>{formatDateTime(lang, n.createdAt)}</time>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/account#notifications">{t('notifications.settings')}</a>
      </p>
    </section>
  );
}
