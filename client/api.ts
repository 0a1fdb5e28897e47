import type { AuditEntry, AuditVerification, DraftView, Member, Participation, Role, RulebookSummary } from '../shared/validation/api.js';
import type { Invitation, InvitationAccepted, InvitationPreview, InvitationSignUpBody } from '../shared/validation/invitations.js';
import type { Comment } from '../shared/validation/comments.js';
import type { Account, AccountPatch, MailedAnswer, SessionSummary, SignUpAnswer } from '../shared/validation/account.js';
import type { Amendment, AmendmentDetail, AmendmentStatus, CompetingAmendments, EditAmendmentBody, ProposeAmendmentBody as NewAmendment } from '../shared/validation/amendments.js';
import type { Release, ReleaseSummary, VersionComparison } from '../shared/validation/releases.js';
import type { Provenance } from '../shared/validation/provenance.js';
import type { Citation } from '../shared/validation/citations.js';
import type { ModerationQueue } from '../shared/validation/moderation.js';
import type { Report } from '../shared/validation/report.js';
import type { Desk } from '../shared/validation/desk.js';
import type { FollowBody, Following, NotificationList, Preferences, PreferencesPatch } from '../shared/validation/notifications.js';

/** An error answered by the API (or a network failure, code `network_error`), with its stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra data some errors carry (the three wordings of an `amendment_conflict`). */
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let csrfToken: Promise<string> | null = null;

/** The CSRF token every state-changing request sends; fetched once, again after the server refuses it. */
function csrf(refresh = false): Promise<string> {
  if (refresh || !csrfToken) {
    csrfToken = call<{ token: string }>('GET', '/api/csrf').then((r) => r.token);
    csrfToken.catch(() => (csrfToken = null));
  }
  return csrfToken;
}

/** A call that replaces the session (sign in, up or out): the CSRF token is bound to the session, so it is fetched anew. */
function newSession<T>(result: Promise<T>): Promise<T> {
  return result.finally(() => (csrfToken = null));
}

async function call<T>(method: Method, path: string, body?: unknown, retried = false): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = await csrf();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server cannot be reached.');
  }
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => null);
  if (response.ok) return data as T;
  const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  // A 503 without our error body comes from a proxy in front of us: overloaded all the same, and worth a retry.
  const code = error?.code ?? (response.status === 503 ? 'overloaded' : `http_${response.status}`);
  if (response.status === 403 && code === 'csrf_invalid' && !retried) {
    await csrf(true);
    return call<T>(method, path, body, true);
  }
  throw new ApiError(response.status, code, error?.message ?? response.statusText, error?.details);
}

/** Typed calls to the Amendo HTTP API (same origin, cookies, CSRF header on writes). */
export const api = {
  /** Fetch the CSRF token ahead of the first write. */
  prepare: () => csrf().then(() => undefined),
  /** The signed-in person, or null for a reader. */
  me: () => call<Account | null>('GET', '/api/me'),
  /** Sign up: a verification link is mailed (the answer is the same when the address already has an account). */
  register: (body: { email: string; password: string; displayName: string; language: 'fr' | 'en' }) => call<SignUpAnswer>('POST', '/api/auth/register', body),
  login: (body: { email: string; password: string }) => newSession(call<Account>('POST', '/api/auth/login', body)),
  /** Follow a verification link: confirms the address and signs in. */
  verifyEmail: (token: string) => newSession(call<Account>('POST', '/api/auth/verify', { token })),
  forgotPassword: (email: string) => call<MailedAnswer>('POST', '/api/auth/forgot', { email }),
  /** Follow a reset link with a new password: ends every other session and signs in. */
  resetPassword: (token: string, password: string) => newSession(call<Account>('POST', '/api/auth/reset', { token, password })),
  /** Change the language of one's mail. */
  updateAccount: (patch: AccountPatch) => call<Account>('PATCH', '/api/account', patch),
  resendVerification: () => call<MailedAnswer>('POST', '/api/account/verification'),
  changeEmail: (email: string, password: string) => call<MailedAnswer>('POST', '/api/account/email', { email, password }),
  listSessions: () => call<SessionSummary[]>('GET', '/api/account/sessions'),
  revokeSession: (id: string) => call<void>('DELETE', `/api/account/sessions/${id}`),
  /** Stop one kind of mail with the token of an unsubscribe link (no sign-in needed). */
  unsubscribe: (token: string) => call<{ kind: string }>('POST', `/unsubscribe/${encodeURIComponent(token)}`),
  logout: () => newSession(call<void>('POST', '/api/auth/logout')),
  /** What the signed-in person follows in a rulebook, and to follow or stop following something in it. */
  following: (slug: string) => call<Following>('GET', `${rulebookPath(slug)}/follows`),
  setFollow: (slug: string, body: FollowBody) => call<Following>('PUT', `${rulebookPath(slug)}/follows`, body),
  notifications: () => call<NotificationList>('GET', '/api/notifications'),
  markNotificationsRead: (body: { ids?: number[]; all?: boolean }) => call<{ unread: number }>('POST', '/api/notifications/read', body),
  notificationPreferences: () => call<Preferences>('GET', '/api/notifications/preferences'),
  setNotificationPreference: (body: PreferencesPatch) => call<Preferences>('PATCH', '/api/notifications/preferences', body),
  listRulebooks: () => call<RulebookSummary[]>('GET', '/api/rulebooks'),
  createRulebook: (body: { slug: string; title: string; language: string }) => call<RulebookSummary>('POST', '/api/rulebooks', body),
  getRulebook: (slug: string) => call<RulebookSummary>('GET', `/api/rulebooks/${encodeURIComponent(slug)}`),
  listMembers: (slug: string) => call<Member[]>('GET', `/api/rulebooks/${encodeURIComponent(slug)}/members`),
  /** Invite an address with a role (a member's address: change their role); the answer does not say whether an account uses it. */
  addMember: (slug: string, body: { email: string; role: Role }) =>
    call<{ status: 'accepted' }>('POST', `/api/rulebooks/${encodeURIComponent(slug)}/members`, body),
  /** Leave a rulebook one is a member or organiser of. */
  leaveRulebook: (slug: string) => call<void>('DELETE', `/api/rulebooks/${encodeURIComponent(slug)}/membership`),
  removeMember: (slug: string, userId: string) => call<void>('DELETE', `${rulebookPath(slug)}/members/${encodeURIComponent(userId)}`),
  listInvitations: (slug: string) => call<Invitation[]>('GET', `${rulebookPath(slug)}/invitations`),
  revokeInvitation: (slug: string, id: string) => call<void>('DELETE', `${rulebookPath(slug)}/invitations/${encodeURIComponent(id)}`),
  setParticipation: (slug: string, body: Participation) => call<RulebookSummary>('PUT', `${rulebookPath(slug)}/participation`, body),
  /** What an invitation link offers (the link's secret is the proof). */
  previewInvitation: (token: string) => call<InvitationPreview>('POST', '/api/invitations/preview', { token }),
  acceptInvitation: (token: string) => call<InvitationAccepted>('POST', '/api/invitations/accept', { token }),
  /** Create an account with the invited address and join: signs in. */
  signUpWithInvitation: (body: InvitationSignUpBody) => newSession(call<{ account: Account; joined: InvitationAccepted }>('POST', '/api/invitations/sign-up', body)),
  /** Replace the draft with Markdown; `references` turns its mentions of articles by number into references. */
  importDraft: (slug: string, markdown: string, references = false) =>
    call<DraftView>('POST', `/api/rulebooks/${encodeURIComponent(slug)}/draft/import`, { markdown, references }),
  getDraft: (slug: string) => call<DraftView>('GET', `${rulebookPath(slug)}/draft`),
  /** Set the consultation window, or clear it with two nulls (organisers). */
  setWindow: (slug: string, body: { opensAt?: string | null; closesAt?: string | null }) =>
    call<RulebookSummary>('PATCH', rulebookPath(slug), body),

  commentCounts: (slug: string) => call<{ counts: Record<string, number> }>('GET', `${rulebookPath(slug)}/comments/counts`),
  listComments: (slug: string, articleId: string) =>
    call<Comment[]>('GET', `${rulebookPath(slug)}/articles/${encodeURIComponent(articleId)}/comments`),
  createComment: (slug: string, articleId: string, body: { body: string; parentId?: string; quote?: string }) =>
    call<Comment>('POST', `${rulebookPath(slug)}/articles/${encodeURIComponent(articleId)}/comments`, body),
  listAmendmentComments: (amendmentId: string) => call<Comment[]>('GET', `/api/amendments/${encodeURIComponent(amendmentId)}/comments`),
  createAmendmentComment: (amendmentId: string, body: { body: string; parentId?: string; quote?: string }) =>
    call<Comment>('POST', `/api/amendments/${encodeURIComponent(amendmentId)}/comments`, body),
  editComment: (id: string, body: string) => call<Comment>('PATCH', commentPath(id), { body }),
  deleteComment: (id: string) => call<void>('DELETE', commentPath(id)),
  hideComment: (id: string, reason: string) => call<Comment>('POST', `${commentPath(id)}/hide`, { reason }),
  reportComment: (id: string, reason?: string) => call<void>('POST', `${commentPath(id)}/report`, reason ? { reason } : {}),
  /** Show a hidden comment again, or leave a reported one visible (organisers), with a public reason. */
  restoreComment: (id: string, reason: string) => call<Comment>('POST', `${commentPath(id)}/restore`, { reason }),
  keepComment: (id: string, reason?: string) => call<Comment>('POST', `${commentPath(id)}/keep`, reason ? { reason } : {}),
  moderationQueue: (slug: string) => call<ModerationQueue>('GET', `${rulebookPath(slug)}/moderation`),
  moderationCount: (slug: string) => call<{ waiting: number }>('GET', `${rulebookPath(slug)}/moderation/count`),
  /** The organiser's overview: days left, open amendments per article, answers owed, unanswered threads. */
  desk: (slug: string) => call<Desk>('GET', `${rulebookPath(slug)}/desk`),
  /** Hide comments automatically after this many reports (0: never). */
  setAutoHide: (slug: string, autoHideAfter: number) => call<{ autoHideAfter: number | null }>('PATCH', `${rulebookPath(slug)}/moderation/settings`, { autoHideAfter }),
  /** The consultation report, whole or between two days (YYYY-MM-DD). */
  report: (slug: string, period: ReportPeriod = {}) => call<Report>('GET', `${rulebookPath(slug)}/report${query(period)}`),

  listAmendments: (slug: string, filter: { status?: AmendmentStatus; articleId?: string; sort?: 'support' | 'recent' | 'answer' } = {}) =>
    call<Amendment[]>('GET', `${rulebookPath(slug)}/amendments${query(filter)}`),
  getAmendment: (id: string) => call<AmendmentDetail>('GET', amendmentPath(id)),
  createAmendment: (slug: string, body: NewAmendment) => call<Amendment>('POST', `${rulebookPath(slug)}/amendments`, body),
  editAmendment: (id: string, body: EditAmendmentBody) =>
    call<Amendment>('PATCH', amendmentPath(id), body),
  withdrawAmendment: (id: string) => call<Amendment>('POST', `${amendmentPath(id)}/withdraw`),
  /** File one's draft amendment: it gets its number and joins the public list. */
  fileAmendment: (id: string) => call<Amendment>('POST', `${amendmentPath(id)}/file`),
  cosign: (id: string) => call<Amendment>('POST', `${amendmentPath(id)}/cosign`),
  /** Co-signers from which an amendment must get a public answer (0: no such rule). */
  setCosignThreshold: (slug: string, threshold: number) => call<{ threshold: number | null }>('PUT', `${rulebookPath(slug)}/cosigning`, { threshold }),
  support: (id: string) => call<unknown>('POST', `${amendmentPath(id)}/support`),
  withdrawSupport: (id: string) => call<unknown>('DELETE', `${amendmentPath(id)}/support`),
  decide: (id: string, body: { decision: 'accept' | 'reject'; reason: string; resolvedText?: string; resolvedTitle?: string; resolvedAgainst?: string }) =>
    call<Amendment>('POST', `${amendmentPath(id)}/decision`, body),
  competingAmendments: (id: string) => call<CompetingAmendments>('GET', `${amendmentPath(id)}/competing`),

  audit: (slug: string, after: number, limit: number) =>
    call<{ entries: AuditEntry[]; next: number | null }>('GET', `${rulebookPath(slug)}/audit${query({ after, limit })}`),
  verifyAudit: (slug: string) => call<AuditVerification>('GET', `${rulebookPath(slug)}/audit/verify`),

  /** Releases, newest first. */
  listReleases: (slug: string) => call<ReleaseSummary[]>('GET', `${rulebookPath(slug)}/releases`),
  getRelease: (slug: string, version: string) => call<Release>('GET', releasePath(slug, version)),
  /** Where each run of a version's text (a release, or `draft`) comes from. */
  getProvenance: (slug: string, version: string) => call<Provenance>('GET', `${rulebookPath(slug)}/provenance?version=${encodeURIComponent(version)}`),
  /** One article of a version (a release, or `draft`), its numbered paragraphs and what became of it later. */
  getCitation: (slug: string, version: string, articleId: string) =>
    call<Citation>('GET', `${rulebookPath(slug)}/citations/${encodeURIComponent(version)}/${encodeURIComponent(articleId)}`),
  /** Freeze the current draft as a release (organisers). */
  publishRelease: (slug: string, body: { version: string; notes?: string }) => call<Release>('POST', `${rulebookPath(slug)}/releases`, body),
  markOfficial: (slug: string, version: string) => call<Release>('POST', `${releasePath(slug, version)}/official`),
  /** What changed between a release and another release or `draft`. */
  diffVersions: (slug: string, from: string, to: string) => call<VersionComparison>('GET', `${rulebookPath(slug)}/diff${query({ from, to })}`),
};

/** A period of the consultation report: from one day to another, both included, either open. */
export type ReportPeriod = { from?: string; to?: string };

/** Where the report's spreadsheets and PDF are downloaded from. */
export const reportHref = (slug: string, format: 'csv' | 'xlsx' | 'pdf', period: ReportPeriod = {}) => `${rulebookPath(slug)}/report.${format}${query(period)}`;

/** Where the PDFs are downloaded from: a release, the live draft, or the redline between two versions. */
export const pdfHref = {
  release: (slug: string, version: string) => `${releasePath(slug, version)}/pdf`,
  draft: (slug: string) => `${rulebookPath(slug)}/draft/pdf`,
  redline: (slug: string, from: string, to: string) => `${rulebookPath(slug)}/diff/pdf${query({ from, to })}`,
};

/** The Atom feeds of a rulebook and of one article. */
export const feedHref = {
  rulebook: (slug: string) => `${rulebookPath(slug)}/feed.atom`,
  article: (slug: string, articleId: string) => `${rulebookPath(slug)}/articles/${encodeURIComponent(articleId)}/feed.atom`,
};

function releasePath(slug: string, version: string): string {
  return `${rulebookPath(slug)}/releases/${encodeURIComponent(version)}`;
}

function rulebookPath(slug: string): string {
  return `/api/rulebooks/${encodeURIComponent(slug)}`;
}

function commentPath(id: string): string {
  return `/api/comments/${encodeURIComponent(id)}`;
}

function amendmentPath(id: string): string {
  return `/api/amendments/${encodeURIComponent(id)}`;
}

/** A query string of the given values, leaving out empty ones. */
function query(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
