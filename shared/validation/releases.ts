import { Type, type Static } from '@sinclair/typebox';
import { Slug } from './api.js';
import type { ArticleChange, VersionDiff } from '../doc/version-diff.js';
import type { DraftView } from '../types.js';

/** `major.minor`, e.g. `0.1`, `1.0`, `1.12`. */
export const Version = Type.String({ pattern: '^(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})$', description: 'major.minor, e.g. 1.0' });

export const PublishReleaseBody = Type.Object(
  { version: Version, notes: Type.Optional(Type.String({ maxLength: 10_000 })) },
  { additionalProperties: false },
);
export type PublishReleaseBody = Static<typeof PublishReleaseBody>;

export const ReleaseParams = Type.Object({ slug: Slug, version: Version });

export const DiffQuery = Type.Object(
  { from: Version, to: Type.Union([Version, Type.Literal('draft')]) },
  { additionalProperties: false },
);
export type DiffQuery = Static<typeof DiffQuery>;

/** An accepted amendment as a release's changelog credits it. */
export interface ChangelogAmendment {
  id: string;
  number: number;
  kind: 'modify' | 'insert' | 'delete';
  title: string | null;
  /** The article it changed (for an insertion, the article it created). */
  articleId: string | null;
  author: string;
  supportCount: number;
  reason: string | null;
}

/** An article the organisers changed directly, without an amendment. */
export interface ChangelogDirectEdit {
  id: string;
  status: ArticleChange;
  fromNumber: number | null;
  toNumber: number | null;
  title: string;
}

/** What changed in a release since the previous one. */
export interface Changelog {
  previousVersion: string | null;
  amendments: ChangelogAmendment[];
  directEdits: ChangelogDirectEdit[];
  summary: VersionDiff['summary'];
}

/** A release as `GET /api/rulebooks/:slug/releases` lists it. */
export interface ReleaseSummary {
  version: string;
  notes: string | null;
  sha256: string;
  publishedAt: string;
  /** Display name of the organiser who published it. */
  publishedBy: string;
  official: boolean;
  officialAt: string | null;
  changelog: Changelog;
}

/** A release with its frozen text. */
export interface Release extends ReleaseSummary {
  draft: DraftView;
}

/** `GET /api/rulebooks/:slug/diff`: what changed between two versions, article by article. */
export interface VersionComparison extends VersionDiff {
  from: string;
  /** A version, or `draft` for the live draft. */
  to: string;
}
