import type { ArticleChange } from '../../shared/validation/diff.js';

const en = {
  draft: 'Current draft',
  version: 'Version {version}',
  official: 'official',
  publishedOn: 'Published on {date}',
  releases: 'Releases',
  noArticles: 'No article yet.',
  article: 'Article {n}',
  articleHeading: 'Article {n} – {title}',
  inVersion: 'Article {n} (in version {version})',
  inDraft: 'Article {n} (in the current draft)',
  fate: 'What became of it',
  fateNone: 'It is unchanged in every later version.',
  fateLatest: 'This is the current draft: it may still change.',
  compare: 'changes',
  amendment: 'amendment #{n}',
  removed: 'removed',
  refWas: 'was {was}',
  diff: 'Changes from {from} to {to}',
  notFound: 'Page not found',
  notFoundText: 'There is no such rulebook, version or article.',
  'change.added': 'added',
  'change.removed': 'removed',
  'change.modified': 'modified',
  'change.moved': 'moved',
  'change.renumbered': 'renumbered',
  'change.unchanged': 'unchanged',
};

type LabelKey = keyof typeof en;

const fr: Record<LabelKey, string> = {
  draft: 'Brouillon en cours',
  version: 'Version {version}',
  official: 'officielle',
  publishedOn: 'Publiée le {date}',
  releases: 'Versions publiées',
  noArticles: 'Aucun article pour l’instant.',
  article: 'Article {n}',
  articleHeading: 'Article {n} – {title}',
  inVersion: 'Article {n} (dans la version {version})',
  inDraft: 'Article {n} (dans le brouillon en cours)',
  fate: 'Ce qu’il est devenu',
  fateNone: 'Il est inchangé dans toutes les versions suivantes.',
  fateLatest: 'C’est le brouillon en cours : il peut encore changer.',
  compare: 'modifications',
  amendment: 'amendement n° {n}',
  removed: 'supprimé',
  refWas: 'auparavant {was}',
  diff: 'Modifications de {from} à {to}',
  notFound: 'Page introuvable',
  notFoundText: 'Il n’y a pas de tel règlement, de telle version ni de tel article.',
  'change.added': 'ajouté',
  'change.removed': 'supprimé',
  'change.modified': 'modifié',
  'change.moved': 'déplacé',
  'change.renumbered': 'renuméroté',
  'change.unchanged': 'inchangé',
};

/** Translator of the server-rendered pages' few words, in a rulebook's language (French, else English). */
export type Label = (key: LabelKey | `change.${ArticleChange}`, params?: Record<string, string | number>) => string;

/** The labels for a rulebook language tag (`fr`, `fr-CA`, `en`…), and the locale dates are written in. */
export function labelsFor(language: string): { label: Label; locale: 'fr' | 'en' } {
  const locale = language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
  const table = locale === 'fr' ? fr : en;
  return { locale, label: (key, params = {}) => table[key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) };
}
