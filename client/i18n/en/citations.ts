/** Stable citations of one article of a version, and the action that copies their address. */
export const citations = {
  'citation.heading': 'Article {n} (in version {version})',
  'citation.headingDraft': 'Article {n} (in the current draft)',
  'citation.readVersion': 'Read the whole version',
  'citation.readDraft': 'Read the whole draft',
  'citation.paragraph': 'Paragraph {n}: link to cite it',
  'citation.fate': 'What became of it',
  'citation.fateNone': 'It is unchanged in every later version.',
  'citation.fateDraft': 'This is the current draft: it may still change.',
  'citation.numberThere': 'Article {n}',
  'citation.removed': 'removed',
  'citation.byAmendment': 'amendment #{n}',
  'citation.compare': 'see the changes',
  'citation.notFound': 'Version {version} has no such article.',
  'citation.copy': 'Copy link to this article',
  'citation.copied': 'Link copied',
  'citation.copyBy': 'Copy this link:',
} as const;
