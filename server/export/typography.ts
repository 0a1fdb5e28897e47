/** Every label a document prints, in one language. */
export interface Labels {
  locale: string;
  /** "Article 5", or "Article 5 (formerly 4)" when it was renumbered. */
  articleNumber: (number: number, formerly?: number | null) => string;
  article: (number: number, title: string) => string;
  formerArticle: (number: number, title: string) => string;
  contents: string;
  changes: string;
  version: string;
  page: (page: number, pages: number) => string;
  status: { official: string; release: string; draft: string };
  draftVersion: string;
  watermark: string;
  statusLabel: string;
  publishedBy: string;
  organisers: string;
  publishedOn: string;
  exportedOn: string;
  preamble: string;
  fingerprint: string;
  changelog: (previous: string | null) => string;
  amendment: (number: number, title: string, author: string) => string;
  summary: Record<'added' | 'removed' | 'modified' | 'moved' | 'renumbered', string>;
  articleAdded: string;
  articleRemoved: string;
  articleMoved: string;
  redline: string;
  comparison: (from: string, to: string) => string;
  fingerprintOf: (version: string) => string;
  legend: { inserted: string; deleted: string; bar: string };
}

const NBSP = '\u00a0';
const NNBSP = '\u202f';

const fr: Labels = {
  locale: 'fr',
  articleNumber: (n, formerly) => `Article${NBSP}${n}${formerly ? ` (ancien${NBSP}${formerly})` : ''}`,
  article: (n, title) => `Article${NBSP}${n}${title ? `${NBSP}– ${title}` : ''}`,
  formerArticle: (n, title) => `Ancien article${NBSP}${n}${title ? `${NBSP}– ${title}` : ''}`,
  contents: 'Table des matières',
  changes: 'Articles modifiés',
  version: 'Version',
  page: (p, n) => `page ${p}${NBSP}/${NBSP}${n}`,
  status: { official: 'Version officielle', release: 'Version publiée', draft: 'Projet – document de travail' },
  draftVersion: 'Projet / Draft',
  watermark: 'PROJET / DRAFT',
  statusLabel: 'Statut',
  publishedBy: 'Publié par',
  organisers: 'Organisateurs',
  publishedOn: 'Publié le',
  exportedOn: 'Exporté le',
  preamble: 'Préambule',
  fingerprint: 'Empreinte SHA-256 du texte canonique',
  changelog: (previous) => (previous ? `Changements depuis la version ${previous}` : 'Changements'),
  amendment: (n, title, author) => `Amendement n°${NBSP}${n}${title ? ` – ${title}` : ''} (${author})`,
  summary: { added: 'ajoutés', removed: 'supprimés', modified: 'modifiés', moved: 'déplacés', renumbered: 'renumérotés' },
  articleAdded: 'nouvel article',
  articleRemoved: 'article supprimé',
  articleMoved: 'déplacé',
  redline: 'Comparaison des versions',
  comparison: (from, to) => `Version ${from} – ${to === 'draft' ? 'projet en cours' : `version ${to}`}`,
  fingerprintOf: (version) => `Empreinte SHA-256 du texte canonique – ${version === 'draft' ? 'projet en cours' : `version ${version}`}`,
  legend: { inserted: 'texte ajouté', deleted: 'texte supprimé', bar: 'ligne modifiée (trait en marge)' },
};

const en: Labels = {
  locale: 'en',
  articleNumber: (n, formerly) => `Article${NBSP}${n}${formerly ? ` (formerly ${formerly})` : ''}`,
  article: (n, title) => `Article${NBSP}${n}${title ? `${NBSP}– ${title}` : ''}`,
  formerArticle: (n, title) => `Former article${NBSP}${n}${title ? `${NBSP}– ${title}` : ''}`,
  contents: 'Contents',
  changes: 'Changed articles',
  version: 'Version',
  page: (p, n) => `page ${p} / ${n}`,
  status: { official: 'Official version', release: 'Published release', draft: 'Draft – working document' },
  draftVersion: 'Projet / Draft',
  watermark: 'PROJET / DRAFT',
  statusLabel: 'Status',
  publishedBy: 'Published by',
  organisers: 'Organisers',
  publishedOn: 'Published on',
  exportedOn: 'Exported on',
  preamble: 'Preamble',
  fingerprint: 'SHA-256 fingerprint of the canonical text',
  changelog: (previous) => (previous ? `Changes since version ${previous}` : 'Changes'),
  amendment: (n, title, author) => `Amendment no. ${n}${title ? ` – ${title}` : ''} (${author})`,
  summary: { added: 'added', removed: 'removed', modified: 'modified', moved: 'moved', renumbered: 'renumbered' },
  articleAdded: 'new article',
  articleRemoved: 'article removed',
  articleMoved: 'moved',
  redline: 'Redline',
  comparison: (from, to) => `Version ${from} to ${to === 'draft' ? 'the current draft' : `version ${to}`}`,
  fingerprintOf: (version) => `SHA-256 fingerprint of the canonical text – ${version === 'draft' ? 'current draft' : `version ${version}`}`,
  legend: { inserted: 'inserted text', deleted: 'deleted text', bar: 'changed line (bar in the margin)' },
};

/** The labels for a rulebook's language: French for `fr` and its variants, English otherwise. */
export function labelsFor(language: string): Labels {
  return /^fr\b/i.test(language) ? fr : en;
}

/**
 * French spacing: the ordinary space before `:` becomes a non-breaking space, before `; ! ?` a narrow one, inside
 * « » a non-breaking one, and between digit groups (`5 000`) a narrow one, so none of them breaks at a line end.
 * Each substitution replaces one character by one, so offsets into the text stay valid.
 */
export function frenchSpacing(text: string): string {
  return text
    .replace(/ (?=:)/g, NBSP)
    .replace(/ (?=[;!?])/g, NNBSP)
    .replace(/« /g, `«${NBSP}`)
    .replace(/ »/g, `${NBSP}»`)
    .replace(/(?<=\d) (?=\d{3}(?!\d))/g, NNBSP);
}

const OPENS_AFTER = /[\s([{\u2014\u2013/-]/;

/**
 * Typographic quotes and apostrophes, one character for one: `'` becomes an apostrophe (’) or, opening a quotation,
 * ‘; `"` becomes « » in French and “ ” in English, opening after a space or bracket (or at the start), closing otherwise.
 */
export function smartQuotes(locale: string, text: string): string {
  const [open, close] = locale === 'fr' ? ['«', '»'] : ['\u201c', '\u201d'];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const opening = i === 0 || OPENS_AFTER.test(text[i - 1]!);
    if (c === '"') out += opening ? open : close;
    else if (c === "'") out += opening && /\p{L}/u.test(text[i + 1] ?? '') ? '\u2018' : '\u2019';
    else out += c;
  }
  return out;
}

/** Typographic quotes, and French spacing for French: one character for one, so offsets into the text stay valid. */
export function typesetInPlace(labels: Labels, text: string): string {
  const quoted = smartQuotes(labels.locale, text);
  return labels.locale === 'fr' ? frenchSpacing(quoted) : quoted;
}

/** A no-break space inside French guillemets that have none (`«mot»` from `"mot"`). */
export const guillemetSpacing = (labels: Labels, text: string) =>
  labels.locale === 'fr' ? text.replace(/«(?=[^\s\u00a0\u202f])/g, `«${NBSP}`).replace(/(?<=[^\s\u00a0\u202f])»/g, `${NBSP}»`) : text;

/** The text as typeset for a language: typographic quotes and apostrophes, and French spacing for French. */
export function typeset(labels: Labels, text: string): string {
  return guillemetSpacing(labels, typesetInPlace(labels, text));
}

/** French ordinals (1er, 1re, 2e, 3es, 2nd…): the number, then the letters to set as a superscript. */
export const FRENCH_ORDINAL = /(?<![\p{L}\d])(\d{1,4})(ers?|res?|es?|nde?s?)(?![\p{L}\d])/gu;

/** Date formats, made once: building an Intl formatter costs about a millisecond. */
const DATES = {
  fr: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
  time: new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }),
};

/** A date (and optionally the time, in UTC so every server prints the same) in the labels' language. */
export function formatDate(labels: Labels, date: Date, withTime = false): string {
  const formatted = DATES[labels.locale === 'fr' ? 'fr' : 'en'].format(date);
  // French writes the first of the month as an ordinal: « 1er janvier », never « 1 janvier ».
  const day = labels.locale === 'fr' ? formatted.replace(/^1 /, '1er ') : formatted;
  if (!withTime) return day;
  const time = DATES.time.format(date);
  return labels.locale === 'fr' ? `${day} à ${time} UTC` : `${day}, ${time} UTC`;
}
