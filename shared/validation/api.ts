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

const Instant = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const RulebookBody = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  language: Type.String(),
  createdAt: Type.String(),
  role: Type.Union([RoleSchema, Type.Null()]),
  organisers: Type.Array(Type.String()),
  opensAt: Type.Union([Type.String(), Type.Null()]),
  closesAt: Type.Union([Type.String(), Type.Null()]),
  consultation: Type.Union([Type.Literal('unscheduled'), Type.Literal('upcoming'), Type.Literal('open'), Type.Literal('closed')]),
});

export const PatchRulebookBody = Type.Object(
  { opensAt: Instant, closesAt: Instant },
  { additionalProperties: false, description: 'The consultation window; both null to clear it' },
);
export type PatchRulebookBody = Static<typeof PatchRulebookBody>;

export const AuditQuery = Type.Object({
  after: Type.Integer({ minimum: 0, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const AuditPage = Type.Object({
  entries: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      type: Type.String(),
      actor: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
      payload: Type.Record(Type.String(), Type.Unknown()),
      createdAt: Type.String(),
      prevHash: Type.String(),
      hash: Type.String(),
    }),
  ),
  next: Type.Union([Type.Integer(), Type.Null()]),
});

export const AuditVerification = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  head: Type.String(),
  brokenAt: Type.Union([Type.Integer(), Type.Null()]),
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

/** The result of recomputing an audit chain. */
export type AuditVerification = Static<typeof AuditVerification>;
