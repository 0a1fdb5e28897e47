/** A domain error with a stable machine-readable code and an HTTP status. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Factories for the errors the domain raises, so codes stay stable and messages consistent. */
export const errors = {
  notSignedIn: () => new AppError(401, 'not_signed_in', 'Sign in to do this.'),
  invalidCredentials: () => new AppError(401, 'invalid_credentials', 'Wrong email or password.'),
  emailTaken: () => new AppError(409, 'email_taken', 'An account already uses this email address.'),
  displayNameTaken: () => new AppError(409, 'display_name_taken', 'Someone already goes by this name; choose another (case and accents do not count).'),
  notOrganiser: () => new AppError(403, 'not_organiser', 'Only the organisers of this rulebook can do this.'),
  rulebookNotFound: (slug: string) => new AppError(404, 'rulebook_not_found', `No rulebook is called "${slug}".`),
  slugTaken: (slug: string) => new AppError(409, 'slug_taken', `The address "${slug}" is already used by another rulebook.`),
  lastOrganiser: () => new AppError(409, 'last_organiser', 'A rulebook needs at least one organiser.'),
  notMember: () => new AppError(409, 'not_member', 'You are not a member of this rulebook.'),
  consultationClosed: () =>
    new AppError(409, 'consultation_closed', 'The consultation is not open: comments and proposals are accepted only during its window.'),
  articleNotFound: (id: string) => new AppError(404, 'article_not_found', `The draft has no article with id "${id}".`),
  commentNotFound: () => new AppError(404, 'comment_not_found', 'No such comment.'),
  amendmentNotFound: () => new AppError(404, 'amendment_not_found', 'No such amendment.'),
  amendmentNotFiled: () => new AppError(409, 'amendment_not_filed', 'This amendment is still a draft gathering co-signers; its discussion opens once it is filed.'),
  notAuthor: () => new AppError(403, 'not_author', 'Only the author can do this.'),
  commentLocked: () => new AppError(409, 'comment_locked', 'This comment was deleted or hidden; it can no longer be changed.'),
  alreadyReported: () => new AppError(409, 'already_reported', 'You have already reported this comment.'),
  commentNotHidden: () => new AppError(409, 'comment_not_hidden', 'This comment is not hidden.'),
  nothingToReview: () => new AppError(409, 'nothing_to_review', 'No report of this comment is waiting for an organiser.'),
  invalidPeriod: () => new AppError(422, 'invalid_period', 'The period must start on or before the day it ends.'),
  quoteNotFound: () =>
    new AppError(422, 'quote_not_found', "The quoted passage is not in the article's current text; quote from its title or from one paragraph (a passage across two paragraphs cannot be anchored)."),
  invalidMarkdown: (code: string, message: string) => new AppError(422, code, message),
  storageUnavailable: () =>
    new AppError(503, 'storage_unavailable', 'The server cannot save changes to this draft right now; try again in a moment.'),
  databaseUnavailable: () => new AppError(503, 'database_unavailable', 'The server cannot use its database right now; try again in a moment.'),
  exportTooLarge: (why: string) => new AppError(503, 'export_too_large', `This document is too large to export as a PDF: ${why}.`),
  exportTimeout: (ms: number) =>
    new AppError(503, 'export_timeout', `Exporting this document as a PDF took more than ${ms / 1000} s and was stopped; try again later.`),
  emailNotVerified: () =>
    new AppError(403, 'email_not_verified', 'Confirm your e-mail address (follow the link we mailed you) before taking part.'),
  linkInvalid: () => new AppError(410, 'link_invalid', 'This link has expired or was already used; ask for a new one.'),
  unsubscribeLinkInvalid: () => new AppError(404, 'unsubscribe_link_invalid', 'This unsubscribe link is not valid.'),
  sessionNotFound: () => new AppError(404, 'session_not_found', 'No such session of yours.'),
  participationNotAllowed: (policy: string, domains: string[]) =>
    new AppError(
      403,
      'participation_not_allowed',
      policy === 'members'
        ? 'Only the invited members of this rulebook can comment, propose or support amendments.'
        : `Only people with an address at ${domains.join(', ')} (or invited members) can comment, propose or support amendments on this rulebook.`,
      { policy, domains },
    ),
  noAllowedDomain: () => new AppError(422, 'no_allowed_domain', 'Name at least one e-mail domain for this policy.'),
  invitationNotFound: () => new AppError(404, 'invitation_not_found', 'No such pending invitation.'),
  memberNotFound: () => new AppError(404, 'member_not_found', 'This person is not a member of this rulebook.'),
  followTargetMissing: () => new AppError(400, 'follow_target_missing', 'Say which article or amendment to follow (id).'),
  exportBusy: () => new AppError(503, 'export_busy', 'Too many PDF exports are being prepared right now; try again in a moment.'),
  overloaded: () => new AppError(503, 'overloaded', 'The server is very busy right now; try again in a few seconds.'),
};
