import { Type, type Static } from '@sinclair/typebox';
import { MIN_PASSWORD_CHARS, TextLimit } from './limits.js';
import { TextKind, UserText } from './text.js';
import { RoleSchema, Slug } from './api.js';
import { MailLanguageSchema } from './account.js';

/** The secret of an invitation link. */
const InvitationToken = Type.String({ minLength: 16, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' });

/** A pending invitation, as its rulebook's organisers see it. */
export const InvitationBody = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  invitedBy: Type.Union([Type.String(), Type.Null()], { description: 'Display name of the organiser who sent it' }),
  createdAt: Type.String(),
  expiresAt: Type.String(),
});
export type Invitation = Static<typeof InvitationBody>;

export const InvitationParams = Type.Object({ slug: Slug, id: Type.String({ maxLength: 64 }) });
export const MemberParams = Type.Object({ slug: Slug, userId: Type.String({ maxLength: 64 }) });

export const InvitationTokenBody = Type.Object({ token: InvitationToken }, { additionalProperties: false });

/**
 * What the holder of an invitation link sees: to which rulebook, as what, for which address, and whether that
 * address has an account (the link reached its mailbox, so this tells nobody else anything).
 */
export const InvitationPreview = Type.Object({
  rulebook: Type.Object({ slug: Type.String(), title: Type.String() }),
  role: RoleSchema,
  email: Type.String(),
  invitedBy: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.String(),
  hasAccount: Type.Boolean(),
});
export type InvitationPreview = Static<typeof InvitationPreview>;

export const InvitationSignUpBody = Type.Object(
  {
    token: InvitationToken,
    password: Type.String({ minLength: MIN_PASSWORD_CHARS, maxLength: TextLimit.password }),
    displayName: UserText(TextLimit.displayName, TextKind.line),
    language: Type.Optional(MailLanguageSchema),
  },
  { additionalProperties: false },
);
export type InvitationSignUpBody = Static<typeof InvitationSignUpBody>;

/** Where accepting an invitation leads: the rulebook joined and the role held there. */
export const InvitationAccepted = Type.Object({ slug: Type.String(), role: RoleSchema });
export type InvitationAccepted = Static<typeof InvitationAccepted>;
