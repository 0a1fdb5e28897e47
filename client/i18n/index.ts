import { createStore, useStore } from '../store.js';
import { ApiError } from '../api.js';
import { en, type MessageKey } from './en.js';
import { fr } from './fr.js';

export type { MessageKey };

/** Languages the interface speaks. */
export type Language = 'fr' | 'en';
const catalogue: Record<Language, Record<MessageKey, string>> = { en, fr };
const STORAGE_KEY = 'amendo.language';

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'fr' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The interface language: remembered choice, else the browser's. */
export const language = createStore<Language>(initialLanguage());
document.documentElement.lang = language.get();

/** Switch the interface language and remember the choice. */
export function setLanguage(next: Language): void {
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  language.set(next);
}

/** Translate a key in a language, filling `{name}` placeholders. */
export function translate(lang: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogue[lang][key].replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** Translator bound to a language. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Stems of the messages that come in `.one` / `.other` forms. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Stem}.one` ? Stem : never }[MessageKey];

/** Translator of counted messages: picks the plural form for `n` by the language's rules and fills `{n}`. */
export type TranslatePlural = (key: PluralKey, n: number, params?: Record<string, string | number>) => string;

const pluralRules = new Map<Language, Intl.PluralRules>();

/** Translate a counted message in a language (French counts 0 and 1 as singular, English only 1). */
export function translatePlural(lang: Language, key: PluralKey, n: number, params: Record<string, string | number> = {}): string {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  const form = rules.select(n) === 'one' ? 'one' : 'other';
  return translate(lang, `${key}.${form}` as MessageKey, { n, ...params });
}

/** The current language and its translators; the component re-renders on a switch. */
export function useI18n(): { lang: Language; t: Translate; tn: TranslatePlural } {
  const lang = useStore(language);
  return { lang, t: (key, params) => translate(lang, key, params), tn: (key, n, params) => translatePlural(lang, key, n, params) };
}

/**
 * A user-facing message for an error of the debate (comments, amendments, window): like `describeError`, but
 * a refused field is described in general terms, not as the sign-up form's email and password.
 */
export function describeDebateError(t: Translate, err: unknown): string {
  if (err instanceof ApiError && err.code === 'validation_failed') return t('error.invalid_input');
  return describeError(t, err);
}

/** A user-facing message for any error, preferring the translation of its API code. */
export function describeError(t: Translate, err: unknown): string {
  if (err instanceof ApiError) {
    const key = `error.${err.code}`;
    return key in en ? t(key as MessageKey) : t('error.unknown', { message: err.message });
  }
  return t('error.unknown', { message: err instanceof Error ? err.message : String(err) });
}
