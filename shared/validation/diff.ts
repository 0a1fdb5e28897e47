import { Type, type Static } from '@sinclair/typebox';

export const DiffRunBody = Type.Object({
  op: Type.Union([Type.Literal('equal'), Type.Literal('insert'), Type.Literal('delete')]),
  text: Type.String(),
  marks: Type.Optional(Type.Array(Type.Union([Type.Literal('strong'), Type.Literal('em')]), { description: 'Bold and italic on this run, in diffs of structured content' })),
  was: Type.Optional(Type.String({ description: 'On an unchanged reference to an article ("article 13"): how it read before that article was renumbered ("article 12")' })),
});
/** A run of text in a word-level diff: kept, inserted or deleted (with its marks, in diffs of structured content). */
export type DiffRun = Static<typeof DiffRunBody>;

/** Word-level runs, or null when the text did not change. */
const Runs = (description?: string) => Type.Union([Type.Array(DiffRunBody), Type.Null()], description ? { description } : {});

export const ArticleChangeSchema = Type.Union([
  Type.Literal('added'),
  Type.Literal('removed'),
  Type.Literal('modified'),
  Type.Literal('moved'),
  Type.Literal('renumbered'),
  Type.Literal('unchanged'),
]);
/** What happened to one article between two versions. */
export type ArticleChange = Static<typeof ArticleChangeSchema>;

export const ArticleDiffBody = Type.Object({
  id: Type.String(),
  status: ArticleChangeSchema,
  fromNumber: Type.Union([Type.Integer(), Type.Null()]),
  toNumber: Type.Union([Type.Integer(), Type.Null()]),
  fromTitle: Type.Union([Type.String(), Type.Null()]),
  toTitle: Type.Union([Type.String(), Type.Null()]),
  title: Runs('Word-level diff of the title (the whole title for added and removed articles)'),
  text: Runs('Word-level diff of the text (the whole text for added and removed articles)'),
  moved: Type.Boolean({ description: 'True when its place among the articles common to both versions changed' }),
  renumbered: Type.Boolean({ description: 'True when its number changed' }),
  references: Type.Integer({ minimum: 0, description: 'How many references in its text read another number because the articles they name were renumbered (runs with `was`)' }),
});
/** One article in a version diff, matched by id across the two versions. */
export type ArticleDiff = Static<typeof ArticleDiffBody>;

const count = Type.Integer({ minimum: 0 });

export const VersionDiffBody = Type.Object({
  summary: Type.Object({ added: count, removed: count, modified: count, moved: count, renumbered: count, unchanged: count }),
  title: Runs(),
  preamble: Runs(),
  articles: Type.Array(ArticleDiffBody, { description: 'In the order of the newer version, removed ones after the article that preceded them' }),
});
/** A structured diff between two versions of a rulebook. */
export type VersionDiff = Static<typeof VersionDiffBody>;
