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
      <svg class="notification-bell-icon" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
        <path d="M12 3a6 6 0 0 0-6 6v3.6L4.3 16a1 1 0 0 0 .9 1.5h13.6a1 1 0 0 0 .9-1.5L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 16a2.5 2.5 0 0 0 5 0" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
      </svg>
      {unread > 0 && (
        <span class="notification-count" aria-hidden="true" data-testid="notification-count">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </a>
  );
}
