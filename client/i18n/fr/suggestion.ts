import type { suggestion as en } from '../en/suggestion.js';

/** Suggestion mode: a member's own copy of an article, its changes tracked, sent as an amendment. */
export const suggestion: Record<keyof typeof en, string> = {
  'suggestion.title': 'Suggérer une modification de l’article {n}',
  'suggestion.choices': 'Que suggérez-vous ?',
  'suggestion.kind.modify': 'Modifier sa rédaction',
  'suggestion.kind.insert': 'Ajouter un article après lui',
  'suggestion.kind.delete': 'Le supprimer',
  'suggestion.modifyHelp': 'Modifiez l’article tel que vous voudriez qu’il se lise. Ce que vous ajoutez est souligné, ce que vous retirez est barré.',
  'suggestion.insertHelp': 'Rédigez le nouvel article : son titre, puis son texte.',
  'suggestion.editorLabel': 'Votre version de l’article {n}',
  'suggestion.newEditorLabel': 'Le nouvel article après l’article {n}',
  'suggestion.insStart': 'ajout :',
  'suggestion.insEnd': 'fin de l’ajout',
  'suggestion.delStart': 'suppression :',
  'suggestion.delEnd': 'fin de la suppression',
  'suggestion.noChange': 'Aucune modification pour l’instant.',
  'suggestion.layoutOnly': 'La mise en page change ; les mots restent les mêmes.',
  'suggestion.insertions.one': '{n} ajout',
  'suggestion.insertions.other': '{n} ajouts',
  'suggestion.deletions.one': '{n} suppression',
  'suggestion.deletions.other': '{n} suppressions',
  'suggestion.insertEmpty': 'Le nouvel article doit avoir un titre et un texte.',
  'suggestion.newArticleSummary': 'Un nouvel article {n} ; les articles suivants seraient renumérotés.',
  'suggestion.discardConfirm': 'Abandonner votre suggestion ?',
  'suggestion.articleGone': 'Cet article n’est plus dans le projet.',
};
