import type { citations as en } from '../en/citations.js';

/** Citations stables d’un article d’une version, et l’action qui en copie l’adresse. */
export const citations: Record<keyof typeof en, string> = {
  'citation.heading': 'Article {n} (dans la version {version})',
  'citation.headingDraft': 'Article {n} (dans le brouillon en cours)',
  'citation.readVersion': 'Lire toute la version',
  'citation.readDraft': 'Lire tout le brouillon',
  'citation.paragraph': 'Alinéa {n} : lien pour le citer',
  'citation.fate': 'Ce qu’il est devenu',
  'citation.fateNone': 'Il est inchangé dans toutes les versions suivantes.',
  'citation.fateDraft': 'C’est le brouillon en cours : il peut encore changer.',
  'citation.numberThere': 'Article {n}',
  'citation.removed': 'supprimé',
  'citation.byAmendment': 'amendement n° {n}',
  'citation.compare': 'voir les modifications',
  'citation.notFound': 'La version {version} n’a pas cet article.',
  'citation.copy': 'Copier le lien vers cet article',
  'citation.copied': 'Lien copié',
  'citation.copyBy': 'Copiez ce lien :',
};
