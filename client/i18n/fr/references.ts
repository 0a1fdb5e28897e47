import type { references as en } from '../en/references.js';

/** Renvois à d’autres articles dans le brouillon : en insérer un, et l’avis quand un article visé est supprimé. */
export const references: Record<keyof typeof en, string> = {
  'references.tool': 'Renvoi à un article…',
  'references.pickerTitle': 'Renvoyer à un article',
  'references.search': 'Numéro ou titre',
  'references.searchHint': 'Tapez un numéro ou des mots du titre ; choisissez avec les flèches, Entrée insère le renvoi.',
  'references.option': 'Article {n}',
  'references.untitled': '(sans titre)',
  'references.none': 'Aucun article ne correspond.',
  'references.insert': 'Insérer le renvoi',
  'references.removedTitle': '{text} : l’article visé a été supprimé',
  'references.articleNamed': 'L’article {n} « {title} »',
  'references.articleNumber': 'L’article {n}',
  'references.removed.one': '{article} était visé par {list} ; ce renvoi apparaît désormais comme supprimé.',
  'references.removed.other': '{article} était visé par {list} ; ces renvois apparaissent désormais comme supprimés.',
  'references.referrer': 'l’article {n}',
  'references.referrerNamed': 'l’article {n} « {title} »',
  'references.deletionBreaks.one': 'Cet article est visé par {list} ; si la suppression est acceptée, ce renvoi apparaîtra comme supprimé.',
  'references.deletionBreaks.other': 'Cet article est visé par {list} ; si la suppression est acceptée, ces renvois apparaîtront comme supprimés.',
  'references.undo': 'Annuler',
  'references.dismiss': 'Fermer',
};
