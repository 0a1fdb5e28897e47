import type { Translate } from '../i18n/index.js';

/**
 * A label naming an article by the number it had when something was written about it, followed by its number
 * now when that changed: "Article 12, now 13", "Article 12, since removed"; unchanged (or unknown then) it is
 * `label` alone.
 */
export function withNumberNow(t: Translate, label: string, then: number | null, now: number | null): string {
  if (then === null || then === now) return label;
  return now === null ? t('numbers.removed', { label }) : t('numbers.now', { label, n: now });
}
