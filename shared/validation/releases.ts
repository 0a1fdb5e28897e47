import { Type, type Static } from '@sinclair/typebox';
import { Slug } from './api.js';

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
