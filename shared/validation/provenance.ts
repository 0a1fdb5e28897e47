import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CitedVersion } from './citations.js';

export const ProvenanceQuery = Type.Object({ version: Type.Optional(CitedVersion) });
export type ProvenanceQuery = Static<typeof ProvenanceQuery>;

/** Where text came from: the import (or creation), an organiser's direct edit, an accepted amendment, or not known. */
export const OriginKind = Type.Union([Type.Literal('import'), Type.Literal('direct_edit'), Type.Literal('amendment'), Type.Literal('unknown')]);
export type OriginKind = Static<typeof OriginKind>;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const OriginAmendmentBody = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  author: Type.String(),
  supportCount: Nullable(Type.Integer({ description: 'Null while supports are hidden from this reader' })),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  reason: Nullable(Type.String()),
});

export const OriginBody = Type.Object({
  kind: OriginKind,
  amendment: Type.Optional(OriginAmendmentBody),
  editor: Type.Optional(Type.Object({ displayName: Type.String() })),
  at: Nullable(Type.String({ format: 'date-time', description: 'When the change was made (null: not recorded yet, or unknown)' })),
  firstRelease: Type.Optional(Type.String({ description: 'The first release that carried this change' })),
});
/** One origin of text; runs name it by its index in the `origins` table. */
export type Origin = Static<typeof OriginBody>;

export const ProvenanceRunBody = Type.Object({
  text: Type.String(),
  origin: Type.Integer({ minimum: 0, description: 'Index in `origins`' }),
  block: Type.Integer({ minimum: 0, description: "0 for the article's title, then its text blocks (paragraphs, list items) in order" }),
});
/** A stretch of an article's text from one origin. */
export type ProvenanceRun = Static<typeof ProvenanceRunBody>;

export const ArticleProvenanceBody = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  created: Nullable(Type.Integer({ description: 'Index in `origins` of what created the article' })),
  changedBy: Type.Array(Type.Integer(), { description: 'Indices in `origins` of the other origins of its text, oldest first' }),
  runs: Type.Array(ProvenanceRunBody),
});
/** One article of a version with the origin of each run of its text. */
export type ArticleProvenance = Static<typeof ArticleProvenanceBody>;

export const ProvenanceBody = Type.Object({
  version: Type.String({ description: 'A release, or `draft`' }),
  origins: Type.Array(OriginBody),
  articles: Type.Array(ArticleProvenanceBody),
});
/** `GET /api/rulebooks/:slug/provenance`: every article of a version attributed, run by run, to its origin. */
export type Provenance = Static<typeof ProvenanceBody>;
