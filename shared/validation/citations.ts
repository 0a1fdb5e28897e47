import { Type, type Static } from '@sinclair/typebox';
import { Slug } from './api.js';
import { AmendmentKind } from './amendments.js';
import { ArticleChangeSchema } from './diff.js';
import { Version } from './releases.js';

/** A release version, or `draft` for the live draft. */
export const CitedVersion = Type.Union([Version, Type.Literal('draft')]);

export const CitationParams = Type.Object({ slug: Slug, version: CitedVersion, articleId: Type.String({ minLength: 1, maxLength: 64 }) });
export type CitationParams = Static<typeof CitationParams>;

export const CitedParagraphBody = Type.Object({
  n: Type.Integer({ minimum: 1, description: 'Cited as §n' }),
  text: Type.String(),
});

export const CitedAmendmentBody = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  kind: AmendmentKind,
});
/** An accepted amendment that changed the cited article in a later version. */
export type CitedAmendment = Static<typeof CitedAmendmentBody>;

/** `status`: what happened to the article since the previous version of the list (the cited one for the first). */
export const ArticleFateBody = Type.Object({
  version: Type.String({ description: 'A later release, or `draft` for the live draft' }),
  status: ArticleChangeSchema,
  number: Type.Union([Type.Integer(), Type.Null()], { description: 'Its number in this version; null once removed' }),
  amendments: Type.Array(CitedAmendmentBody, { description: 'Accepted amendments that changed or removed it on the way to this version' }),
});
/** What became of a cited article in one later version. */
export type ArticleFate = Static<typeof ArticleFateBody>;

export const CitationBody = Type.Object({
  version: Type.String(),
  rulebookTitle: Type.String(),
  article: Type.Object({
    id: Type.String(),
    number: Type.Integer({ description: 'Its number in the cited version' }),
    title: Type.String(),
    text: Type.String(),
    section: Type.Union([Type.String(), Type.Null()]),
  }),
  paragraphs: Type.Array(CitedParagraphBody, { description: "The article's top-level blocks: a paragraph, or a whole list" }),
  later: Type.Array(ArticleFateBody, { description: 'Each later release, oldest first, then the live draft; ends where the article was removed' }),
});
/** `GET /api/rulebooks/:slug/citations/:version/:articleId`: one article as a version has it, and its later fate. */
export type Citation = Static<typeof CitationBody>;
