import type { MessageKey } from '../../i18n/en.js';
import type { Notification } from '../../../shared/validation/notifications.js';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A notification as a sentence in the interface's language. */
export function notificationSentence(t: Translate, { payload: p }: Notification): string {
  const params = { actor: p.actorName ?? '?', rulebook: p.rulebookTitle, n: p.number ?? 0, version: p.version ?? '', excerpt: p.excerpt ?? '' };
  const key = `notification.${p.type}` as MessageKey;
  return t(key, params);
}
