import type { amendmentsInPlace as en } from '../en/amendments-in-place.js';

/** Open amendments drawn in the live draft as tracked changes, the details of one opened from the text, and a card's thread count. */
export const amendmentsInPlace: Record<keyof typeof en, string> = {
  'inPlace.legend': 'Amendements dans le texte',
  'inPlace.off': 'Aucun',
  'inPlace.mine': 'Les miens',
  'inPlace.all': 'Tous',
  'inPlace.shown.one': '{n} amendement ouvert montré dans le texte',
  'inPlace.shown.other': '{n} amendements ouverts montrés dans le texte',
  'inPlace.insert': 'Ajout proposé par l’amendement #{n}',
  'inPlace.delete': 'Suppression proposée par l’amendement #{n}',
  'inPlace.replace': 'Remplacement proposé par l’amendement #{n}',
  'inPlace.newArticle': 'Nouvel article proposé (#{n}) : {title}',
  'inPlace.newArticleLabel': 'Nouvel article proposé par l’amendement #{n}',
  'inPlace.deleteArticle': 'La suppression de cet article est proposée (#{n})',
  'inPlace.deleteArticleLabel': 'Suppression de l’article proposée par l’amendement #{n}',
  'inPlace.details': 'Amendement #{n}',
  'inPlace.open': 'Ouvrir',
  'inPlace.close': 'Fermer',
  'card.comments.one': '{n} commentaire dans son fil',
  'card.comments.other': '{n} commentaires dans son fil',
};
