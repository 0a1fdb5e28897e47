import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { describeError, useI18n } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/en.js';
import type { Delivery, NotificationKindName, Preferences } from '../../../shared/validation/notifications.js';

const KINDS: NotificationKindName[] = ['decisions', 'replies', 'new_amendments', 'reports', 'releases', 'consultation'];
const DELIVERIES: Delivery[] = ['immediate', 'digest', 'off'];

/** The account page's choice, per kind of notification, of a mail at once, in the daily digest, or none. */
export function NotificationPreferences() {
  const { t } = useI18n();
  const [preferences, setPreferences] = useState<Preferences | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.notificationPreferences().then(setPreferences, setError);
  }, []);
  const choose = (kind: NotificationKindName, delivery: Delivery) => api.setNotificationPreference({ kind, delivery }).then(setPreferences, setError);
  return (
    <section class="stack" id="notifications" aria-labelledby="notification-preferences-heading" data-testid="notification-preferences">
      <h2 id="notification-preferences-heading">{t('notificationPrefs.title')}</h2>
      <p>{t('notificationPrefs.intro')}</p>
      {error ? <p role="alert">{describeError(t, error)}</p> : null}
      {preferences &&
        KINDS.map((kind) => (
          <fieldset key={kind}>
            <legend>{t(`notificationPrefs.kind.${kind}` as MessageKey)}</legend>
            {DELIVERIES.map((delivery) => (
              <label key={delivery}>
                <input type="radio" name={`delivery-${kind}`} checked={preferences[kind] === delivery} onChange={() => choose(kind, delivery)} data-testid={`delivery-${kind}-${delivery}`} />{' '}
                {t(`notificationPrefs.delivery.${delivery}` as MessageKey)}
              </label>
            ))}
          </fieldset>
        ))}
    </section>
  );
}
