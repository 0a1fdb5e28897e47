import { Type, type Static } from '@sinclair/typebox';
import { MIN_PASSWORD_CHARS, TextLimit } from './limits.js';
import { Email, MeBody } from './api.js';

/** Languages an account gets its mail in. */
export const MailLanguageSchema = Type.Union([Type.Literal('fr'), Type.Literal('en')]);

/** The signed-in person with the state of their account, as `GET /api/me` presents them. */
export const AccountBody = Type.Composite([
  MeBody,
  Type.Object({
    verified: Type.Boolean({ description: 'Whether the person confirmed their e-mail address (needed to take part in debates)' }),
    language: MailLanguageSchema,
  }),
]);
export type Account = Static<typeof AccountBody>;

/** What a person may change of their account directly: the language of their mail. */
export const AccountPatch = Type.Object({ language: MailLanguageSchema }, { additionalProperties: false });
export type AccountPatch = Static<typeof AccountPatch>;

const Password = Type.String({ minLength: MIN_PASSWORD_CHARS, maxLength: TextLimit.password });
/** A secret from a link we mailed. */
const LinkToken = Type.String({ minLength: 16, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' });

/**
 * What sign-up answers, whether or not the address already had an account (the owner of an existing one is told
 * by mail instead): the normalised address and name, and that a link is on its way.
 */
export const SignUpAnswer = Type.Object({ email: Type.String(), displayName: Type.String(), verification: Type.Literal('mailed') });
export type SignUpAnswer = Static<typeof SignUpAnswer>;

export const TokenBody = Type.Object({ token: LinkToken }, { additionalProperties: false });
export type TokenBody = Static<typeof TokenBody>;

export const ResetRequestBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: TextLimit.email }) }, { additionalProperties: false });
export type ResetRequestBody = Static<typeof ResetRequestBody>;

export const ResetBody = Type.Object({ token: LinkToken, password: Password }, { additionalProperties: false });
export type ResetBody = Static<typeof ResetBody>;

export const EmailChangeBody = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: TextLimit.password, description: 'The current password' }) },
  { additionalProperties: false },
);
export type EmailChangeBody = Static<typeof EmailChangeBody>;

/** The answer to a request whose outcome is mailed, never shown (reset, change of address). */
export const MailedAnswer = Type.Object({ status: Type.Literal('mailed') });
export type MailedAnswer = Static<typeof MailedAnswer>;

export const SessionBody = Type.Object({
  id: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean({ description: 'Whether this is the session making the request' }),
});
/** One signed-in session of the caller. */
export type SessionSummary = Static<typeof SessionBody>;

export const SessionParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{64}$', maxLength: 64 }) });

export const UnsubscribeParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 300 }) });
export const UnsubscribeAnswer = Type.Object({ kind: Type.String() });
