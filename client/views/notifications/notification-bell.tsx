import { useI18n } from '../../i18n/index.js';
import { unreadNotifications, usePersonalEvents } from '../../notifications.js';
import { useStore } from '../../store.js';

/** The header's link to one's notifications, with the unread count kept live over `/events/me`. */
export function NotificationBell() {
  const { t } = useI18n();
  usePersonalEvents();
  const unread = useStore(unreadNotifications) ?? 0;
  const label = unread > 0 ? t('notifications.bellUnread', { n: unread }) : t('notifications.title');
  return (
    <a href="/notifications" class="notification-bell" aria-label={label} title={label} data-testid="notification-bell">
      <span aria-hidden="true">🔔</span>
      {unread > 0 && (
        <span class="notification-count" aria-hidden="true" data-testid="notification-count">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </a>
  );
}
