/** References to other articles in the draft: inserting one, and the notice when a referenced article is removed. */
export const references = {
  'references.tool': 'Reference to an article…',
  'references.pickerTitle': 'Refer to an article',
  'references.search': 'Number or title',
  'references.searchHint': 'Type a number or words of the title; choose with the arrow keys, Enter inserts.',
  'references.option': 'Article {n}',
  'references.untitled': '(untitled)',
  'references.none': 'No article matches.',
  'references.insert': 'Insert reference',
  'references.removedTitle': '{text}: the article it referred to was removed',
  'references.articleNamed': 'Article {n} “{title}”',
  'references.articleNumber': 'Article {n}',
  'references.removed.one': '{article} was referenced by {list}; that reference now reads as removed.',
  'references.removed.other': '{article} was referenced by {list}; those references now read as removed.',
  'references.referrer': 'article {n}',
  'references.undo': 'Undo',
  'references.dismiss': 'Dismiss',
} as const;
