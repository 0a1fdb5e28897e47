import { Type, type Static } from '@sinclair/typebox';
import { MIN_PASSWORD_CHARS, TextLimit } from './limits.js';
import { TextKind, UserText } from './text.js';

/** Lower-case letters, digits and inner hyphens; used in URLs. */
export const Slug = Type.String({ pattern: '^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$', maxLength: 64, description: 'URL name of a rulebook' });

export const Email = Type.String({ pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', maxLength: TextLimit.email });

export const RegisterBody = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: MIN_PASSWORD_CHARS, maxLength: TextLimit.password }),
    displayName: UserText(TextLimit.displayName, TextKind.line),
    language: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')], { description: 'The language of the mails the account gets (default fr)' })),
  },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: TextLimit.email }), password: Type.String({ minLength: 1, maxLength: TextLimit.password }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const CreateRulebookBody = Type.Object(
  {
    slug: Slug,
    title: UserText(TextLimit.rulebookTitle, TextKind.line),
    language: Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35, default: 'fr' }),
  },
  { additionalProperties: false },
);
export type CreateRulebookBody = Static<typeof CreateRulebookBody>;

export const AddMemberBody = Type.Object(
  { email: Email, role: Type.Union([Type.Literal('organiser'), Type.Literal('member')]) },
  { additionalProperties: false },
);
export type AddMemberBody = Static<typeof AddMemberBody>;

export const ImportDraftBody = Type.Object(
  {
    markdown: UserText(TextLimit.importMarkdown, TextKind.block),
    references: Type.Optional(Type.Boolean({ description: 'Turn mentions of the imported articles by number ("see article 12") into references that follow renumbering' })),
  },
  { additionalProperties: false },
);
export type ImportDraftBody = Static<typeof ImportDraftBody>;

export const SlugParams = Type.Object({ slug: Slug });

/** Body of every error response. */
export const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }),
});

export const MeBody = Type.Object({ id: Type.String(), email: Type.String(), displayName: Type.String() });
/** The signed-in person, as `GET /api/me` presents them. */
export type Me = Static<typeof MeBody>;

/** Someone named in a comment, an amendment or a decision. */
export const PersonBody = Type.Object({ id: Type.String(), displayName: Type.String() });
export type Person = Static<typeof PersonBody>;

/** Roles a person can hold on a rulebook; organisers write the draft, members take part in the debate. */
export const RoleSchema = Type.Union([Type.Literal('organiser'), Type.Literal('member')]);
export type Role = Static<typeof RoleSchema>;

const Instant = Type.Union([Type.String({ format: 'date-time', maxLength: 64 }), Type.Null()]);

/** Who may comment, propose and support amendments on a rulebook (organisers always may). */
export const ParticipationPolicySchema = Type.Union([Type.Literal('verified'), Type.Literal('domains'), Type.Literal('members')], {
  description: '`verified`: anyone signed in with a verified address; `domains`: verified addresses at one of `domains` (and members); `members`: invited members only',
});
export type ParticipationPolicy = Static<typeof ParticipationPolicySchema>;

/** Most e-mail domains a rulebook may allow. */
export const MAX_ALLOWED_DOMAINS = 20;

export const ParticipationBody = Type.Object(
  {
    policy: ParticipationPolicySchema,
    domains: Type.Array(Type.String({ pattern: '^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$', maxLength: 253 }), {
      maxItems: MAX_ALLOWED_DOMAINS,
      description: 'E-mail domains for the `domains` policy, e.g. `example.org` (an address at a subdomain does not count)',
    }),
    hideSupportsUntilClose: Type.Optional(
      Type.Boolean({ description: "Anti-bandwagon: show support counts and supporters' rolls to organisers only until the consultation closes (off when left out)" }),
    ),
  },
  { additionalProperties: false },
);
/** A rulebook's participation policy. */
export type Participation = Static<typeof ParticipationBody>;

export const RulebookBody = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  language: Type.String(),
  createdAt: Type.String(),
  role: Type.Union([RoleSchema, Type.Null()], { description: "The caller's role on it, or null for readers" }),
  organisers: Type.Array(Type.String(), { description: 'Display names of its organisers' }),
  opensAt: Type.Union([Type.String(), Type.Null()], { description: 'Start of the consultation window, or null when none is set' }),
  closesAt: Type.Union([Type.String(), Type.Null()], { description: 'End of the consultation window, or null when none is set' }),
  consultation: Type.Union([Type.Literal('unscheduled'), Type.Literal('upcoming'), Type.Literal('open'), Type.Literal('closed')]),
  participation: ParticipationBody,
  cosignThreshold: Type.Union([Type.Integer(), Type.Null()], { description: 'Co-signers from which an amendment must get a public answer before the consultation closes (null: no such rule)' }),
});
/** A rulebook as the API presents it. */
export type RulebookSummary = Static<typeof RulebookBody>;

export const PatchRulebookBody = Type.Object(
  { opensAt: Type.Optional(Instant), closesAt: Type.Optional(Instant) },
  { additionalProperties: false, minProperties: 1, description: 'The consultation window; a time left out keeps its stored value; both null to clear it' },
);
export type PatchRulebookBody = Static<typeof PatchRulebookBody>;

export const AuditQuery = Type.Object({
  after: Type.Integer({ minimum: 0, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const AuditEntryBody = Type.Object({
  number: Type.Integer({ description: "The entry's number within its rulebook: 1, 2, 3… without gaps" }),
  seq: Type.Integer({ description: 'Storage key across rulebooks (hashed by formula 1 entries)' }),
  formula: Type.Integer({ description: 'What the hash covers: 1 = `seq` (entries written before per-rulebook numbers), 2 = `number` and `formula`' }),
  type: Type.String(),
  actor: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  payload: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
  prevHash: Type.String({ description: 'SHA-256 of the previous entry (zeros for the first)' }),
  hash: Type.String({ description: 'SHA-256 of this entry and `prevHash`' }),
});
/** One entry of a rulebook's hash-chained audit log. */
export type AuditEntry = Static<typeof AuditEntryBody>;

export const AuditPage = Type.Object({ entries: Type.Array(AuditEntryBody), next: Type.Union([Type.Integer(), Type.Null()]) });

export const AuditVerification = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  head: Type.String(),
  brokenAt: Type.Union([Type.Integer(), Type.Null()]),
});
/** The result of recomputing an audit chain. */
export type AuditVerification = Static<typeof AuditVerification>;

export const MemberBody = Type.Object({
  userId: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
  role: RoleSchema,
});
/** A membership of a rulebook. */
export type Member = Static<typeof MemberBody>;

export const DraftSectionBody = Type.Object({
  id: Type.String(),
  title: Type.String(),
  firstArticle: Type.Union([Type.Number(), Type.Null()], { description: 'Number of the first article under this heading (null when none follows)' }),
});
/** A section heading that groups the articles after it. */
export type DraftSection = Static<typeof DraftSectionBody>;

export const DraftArticleBody = Type.Object({
  id: Type.String(),
  number: Type.Number({ description: 'Derived from document order' }),
  title: Type.String(),
  text: Type.String({ description: 'Body as plain text: blocks separated by a blank line, list items by a newline' }),
  section: Type.Union([Type.String(), Type.Null()], { description: 'Title of the section heading the article falls under, if any' }),
});
/** One article of the draft as the public JSON view shows it. */
export type DraftArticle = Static<typeof DraftArticleBody>;

export const DraftBody = Type.Object({
  title: Type.String(),
  preamble: Type.String(),
  sections: Type.Array(DraftSectionBody),
  articles: Type.Array(DraftArticleBody),
});
/** The plain JSON view of a rulebook draft. */
export type DraftView = Static<typeof DraftBody>;
