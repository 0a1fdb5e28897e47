import { Type, type Static } from '@sinclair/typebox';

/** Lower-case letters, digits and inner hyphens; used in URLs. */
export const Slug = Type.String({ pattern: '^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$', description: 'URL name of a rulebook' });

export const Email = Type.String({ pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', maxLength: 254 });

export const RegisterBody = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: 10, maxLength: 200 }),
    displayName: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }),
  },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const CreateRulebookBody = Type.Object(
  {
    slug: Slug,
    title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    language: Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', default: 'fr' }),
  },
  { additionalProperties: false },
);
export type CreateRulebookBody = Static<typeof CreateRulebookBody>;

export const AddMemberBody = Type.Object(
  { email: Email, role: Type.Union([Type.Literal('organiser'), Type.Literal('member')]) },
  { additionalProperties: false },
);
export type AddMemberBody = Static<typeof AddMemberBody>;

/** Largest Markdown accepted by the import route. */
export const MAX_IMPORT_CHARS = 2_000_000;

export const ImportDraftBody = Type.Object(
  { markdown: Type.String({ minLength: 1, maxLength: MAX_IMPORT_CHARS }) },
  { additionalProperties: false },
);
export type ImportDraftBody = Static<typeof ImportDraftBody>;

export const SlugParams = Type.Object({ slug: Slug });

/** Body of every error response. */
export const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }),
});

export const MeBody = Type.Object({ id: Type.String(), email: Type.String(), displayName: Type.String() });

export const RoleSchema = Type.Union([Type.Literal('organiser'), Type.Literal('member')]);

export const RulebookBody = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  language: Type.String(),
  createdAt: Type.String(),
  role: Type.Union([RoleSchema, Type.Null()]),
  organisers: Type.Array(Type.String()),
});

export const MemberBody = Type.Object({
  userId: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
  role: RoleSchema,
});

export const DraftBody = Type.Object({
  title: Type.String(),
  preamble: Type.String(),
  sections: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), firstArticle: Type.Union([Type.Number(), Type.Null()]) })),
  articles: Type.Array(
    Type.Object({
      id: Type.String(),
      number: Type.Number(),
      title: Type.String(),
      text: Type.String(),
      section: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
