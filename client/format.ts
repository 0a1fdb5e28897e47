import { useEffect, useState } from 'preact/hooks';
import type { Language, Translate } from './i18n/index.js';
import type { RulebookSummary } from '../shared/validation/api.js';

/** Where the consultation stands. */
export type Consultation = RulebookSummary['consultation'];

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The reader's locale for an interface language: their browser's own variant of it when they have one (en-GB,
 * fr-BE…), so dates follow their regional habits while matching the words around them.
 */
export function localeFor(lang: Language): string {
  return navigator.languages.find((l) => l.toLowerCase().split('-')[0] === lang) ?? lang;
}

/** A date and time in the reader's locale and time zone, e.g. "12 Mar 2027, 14:05". */
export function formatDateTime(lang: Language, iso: string | null | undefined, style: 'medium' | 'long' = 'medium'): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const key = `${lang}|${style}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(localeFor(lang), { dateStyle: style, timeStyle: 'short' });
    dateTimeFormats.set(key, format);
  }
  return format.format(date);
}

/** The state of a consultation window at `now`, as the server computes it. */
export function consultationAt(window: Pick<RulebookSummary, 'opensAt' | 'closesAt' | 'consultation'>, now: number): Consultation {
  if (!window.opensAt || !window.closesAt) return 'unscheduled';
  const opens = Date.parse(window.opensAt);
  const closes = Date.parse(window.closesAt);
  if (Number.isNaN(opens) || Number.isNaN(closes)) return window.consultation;
  if (now < opens) return 'upcoming';
  return now < closes ? 'open' : 'closed';
}

/** A duration as its two largest units, e.g. "3 d 4 h", "4 h 12 min", "45 s". */
export function formatDuration(t: Translate, ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const parts: string[] = [];
  if (days) parts.push(t('unit.days', { n: days }), ...(hours ? [t('unit.hours', { n: hours })] : []));
  else if (hours) parts.push(t('unit.hours', { n: hours }), ...(minutes ? [t('unit.minutes', { n: minutes })] : []));
  else if (minutes) parts.push(t('unit.minutes', { n: minutes }));
  else parts.push(t('unit.seconds', { n: seconds % 60 }));
  return parts.join(' ');
}

/** The current time, refreshed every `intervalMs` while the component is mounted. */
export function useNow(intervalMs = 1000): number {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  // Read at every render, not only at each tick: a window closed "now" shows as closed at once, not a tick later.
  return Date.now();
}

/** An ISO instant as the value of a `datetime-local` input, in the reader's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The ISO instant of a `datetime-local` value read in the reader's time zone, or null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
