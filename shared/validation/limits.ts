/**
 * The longest text a person may supply in each field, in characters (UTF-16 code units, as JavaScript counts
 * them, after normalisation): the server's schemas and the Markdown import refuse anything longer, and the
 * client's forms stop typing there.
 */
export const TextLimit = {
  displayName: 80,
  email: 254,
  password: 200,
  rulebookTitle: 200,
  sectionTitle: 300,
  articleTitle: 300,
  articleText: 50_000,
  preamble: 50_000,
  commentBody: 10_000,
  /** A passage of an article quoted by a comment. */
  quote: 2_000,
  amendmentTitle: 300,
  amendmentText: 50_000,
  rationale: 10_000,
  decisionReason: 5_000,
  hideReason: 500,
  reportReason: 500,
  releaseNotes: 10_000,
  importMarkdown: 2_000_000,
} as const;

/** The shortest password accepted at registration. */
export const MIN_PASSWORD_CHARS = 10;
