import { Type, type Static } from '@sinclair/typebox';
import { DraftBody, Slug } from './api.js';
import { AmendmentKind } from './amendments.js';
import { ArticleChangeSchema, VersionDiffBody } from './diff.js';
import { TextLimit } from './limits.js';
import { TextKind, UserText } from './text.js';
import { ArticleContentReply } from '../doc/content.js';

/** `major.minor`, e.g. `0.1`, `1.0`, `1.12`. */
export const Version = Type.String({ pattern: '^(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})$', maxLength: 9, description: 'major.minor, e.g. 1.0' });

export const PublishReleaseBody = Type.Object(
  { version: Version, notes: Type.Optional(UserText(TextLimit.releaseNotes, TextKind.block, { allowBlank: true })) },
  { additionalProperties: false },
);
export type PublishReleaseBody = Static<typeof PublishReleaseBody>;

export const ReleaseParams = Type.Object({ slug: Slug, version: Version });

export const DiffQuery = Type.Object(
  { from: Version, to: Type.Union([Version, Type.Literal('draft')]) },
  { additionalProperties: false },
);
export type DiffQuery = Static<typeof DiffQuery>;

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

export const ChangelogAmendmentBody = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  kind: AmendmentKind,
  title: NullableString,
  articleId: Type.Union([Type.String(), Type.Null()], { description: 'The article it changed (for an insertion, the article it created)' }),
  author: Type.String(),
  supportCount: Type.Integer(),
  reason: NullableString,
});
/** An accepted amendment as a release's changelog credits it. */
export type ChangelogAmendment = Static<typeof ChangelogAmendmentBody>;

export const ChangelogDirectEditBody = Type.Object({
  id: Type.String(),
  status: ArticleChangeSchema,
  fromNumber: NullableInteger,
  toNumber: NullableInteger,
  title: Type.String(),
});
/** An article the organisers changed directly, without an amendment. */
export type ChangelogDirectEdit = Static<typeof ChangelogDirectEditBody>;

export const ChangelogBody = Type.Object({
  previousVersion: NullableString,
  amendments: Type.Array(ChangelogAmendmentBody),
  directEdits: Type.Array(ChangelogDirectEditBody),
  summary: VersionDiffBody.properties.summary,
});
/** What changed in a release since the previous one. */
export type Changelog = Static<typeof ChangelogBody>;

export const ReleaseSummaryBody = Type.Object({
  version: Type.String(),
  notes: NullableString,
  sha256: Type.String(),
  publishedAt: Type.String(),
  publishedBy: Type.String({ description: 'Display name of the organiser who published it' }),
  official: Type.Boolean(),
  officialAt: NullableString,
  changelog: ChangelogBody,
});
/** A release as `GET /api/rulebooks/:slug/releases` lists it. */
export type ReleaseSummary = Static<typeof ReleaseSummaryBody>;

export const ReleaseBody = Type.Composite([
  ReleaseSummaryBody,
  Type.Object({
    draft: DraftBody,
    bodies: Type.Record(Type.String(), ArticleContentReply, {
      description: "Each article's body with its formatting (bold, italic, lists) as ProseMirror JSON, by article id: the same text as `draft`, from the release's Yjs state",
    }),
  }),
]);
/** A release with its frozen text. */
export type Release = Static<typeof ReleaseBody>;

export const VersionComparisonBody = Type.Composite([
  Type.Object({ from: Type.String(), to: Type.String({ description: 'A version, or `draft` for the live draft' }) }),
  VersionDiffBody,
]);
/** `GET /api/rulebooks/:slug/diff`: what changed between two versions, article by article. */
export type VersionComparison = Static<typeof VersionComparisonBody>;
