import type { provenance as en } from '../en/provenance.js';

/** Provenance : l’origine de chaque passage du texte d’une version, montrée à la demande. */
export const provenance: Record<keyof typeof en, string> = {
  'provenance.toggle': 'Montrer l’origine',
  'provenance.legend': 'D’où vient le texte',
  'provenance.loading': 'Recherche de l’origine du texte…',
  'provenance.import': 'Texte importé d’origine',
  'provenance.direct_edit': 'Modification d’un organisateur',
  'provenance.directEditBy': 'Modification de {name}',
  'provenance.amendment': 'Amendement n° {n}',
  'provenance.unknown': 'Avant l’enregistrement de l’origine',
  'provenance.by': 'par {name}',
  'provenance.supports.one': '{n} soutien',
  'provenance.supports.other': '{n} soutiens',
  'provenance.decided': 'accepté par {name}',
  'provenance.reason': 'Motif : {reason}',
  'provenance.firstRelease': 'd’abord dans la version {version}',
  'provenance.notReleased': 'pas encore publié',
  'provenance.open': 'Ouvrir l’amendement',
  'provenance.created': 'Créé par : {origin}',
  'provenance.changedBy': 'Modifié par : {origins}',
} as const;
