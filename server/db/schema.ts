import { sqliteTable, text, integer, blob, primaryKey, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** People with an account. Emails are stored normalised (`normaliseEmail`: trimmed, NFKC, lower-cased). */
export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull().unique(),
    displayName: text('display_name').notNull(),
    /** `displayNameKey(displayName)`: two accounts cannot share it (null only until filled in at start for older rows). */
    displayNameKey: text('display_name_key'),
    passwordHash: text('password_hash').notNull(),
    /** When the person proved they read mail at `email` (null: not yet). */
    emailVerifiedAt: integer('email_verified_at', { mode: 'timestamp_ms' }),
    /** The language of the mails they get. */
    language: text('language', { enum: ['fr', 'en'] }).notNull().default('fr'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('users_display_name_key_idx').on(t.displayNameKey)],
);

/** Signed-in sessions; only a SHA-256 of the cookie token is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    /** The browser the session was opened from, as it described itself (shown in the list of sessions). */
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Single-use links mailed to a person: `verify` proves they read mail at `email` (at sign-up, or a new address),
 * `reset` lets them choose a new password. Only a SHA-256 of the token is stored.
 */
export const accountTokens = sqliteTable(
  'account_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['verify', 'reset'] }).notNull(),
    email: text('email').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('account_tokens_user_idx').on(t.userId)],
);

/** Outgoing mail, rendered when queued and sent by `MailQueue`; a row stays until sent (or refused for good). */
export const mailQueue = sqliteTable(
  'mail_queue',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The Message-ID, kept across retries so a receiver can drop a copy sent twice. */
    messageId: text('message_id').notNull(),
    recipient: text('recipient').notNull(),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** JSON object of extra headers (List-Unsubscribe…). */
    headers: text('headers').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    /** When the server refused the mail for good (a permanent SMTP error). */
    failedAt: integer('failed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('mail_queue_due_idx').on(t.sentAt, t.failedAt, t.nextAttemptAt)],
);

/** Kinds of mail a person no longer wants (from the one-click unsubscribe link). */
export const mailOptOuts = sqliteTable(
  'mail_opt_outs',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** Rulebooks; the draft itself lives in the Yjs update log below. */
export const rulebooks = sqliteTable('rulebooks', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  language: text('language').notNull(),
  createdBy: text('created_by').notNull().references(() => users.id),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  /** Consultation window: members may comment and propose between these instants (both set, or neither). */
  opensAt: integer('opens_at', { mode: 'timestamp_ms' }),
  closesAt: integer('closes_at', { mode: 'timestamp_ms' }),
  /** Hide a comment automatically once this many people reported it (null: never; organisers decide). */
  autoHideAfter: integer('auto_hide_after'),
  /**
   * Who may comment, propose and support: `verified` (anyone signed in with a verified address), `domains`
   * (verified addresses at one of `allowedDomains`), `members` (its members and organisers only).
   */
  participation: text('participation', { enum: ['verified', 'domains', 'members'] }).notNull().default('verified'),
  /** JSON array of e-mail domains (lower-case) for the `domains` policy. */
  allowedDomains: text('allowed_domains').notNull().default('[]'),
  /** An amendment with at least this many co-signers must get a public answer before the consultation closes (null: no such rule). */
  cosignThreshold: integer('cosign_threshold'),
});

/** A rulebook row. */
export type Rulebook = typeof rulebooks.$inferSelect;

/** Who holds which role on a rulebook. */
export const memberships = sqliteTable(
  'memberships',
  {
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['organiser', 'member'] }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.rulebookId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

/**
 * Invitations to a rulebook, mailed to an address whether or not an account uses it: the link (only a SHA-256 of
 * its secret is stored) works once, until `expiresAt`, unless an organiser revoked it.
 */
export const invitations = sqliteTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    /** The address invited, normalised (`normaliseEmail`). */
    email: text('email').notNull(),
    role: text('role', { enum: ['organiser', 'member'] }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }),
    acceptedBy: text('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('invitations_rulebook_idx').on(t.rulebookId, t.email)],
);

/** Append-only log of Yjs updates to a rulebook's draft, compacted into `docSnapshots`. */
export const docUpdates = sqliteTable(
  'doc_updates',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    data: blob('data', { mode: 'buffer' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('doc_updates_rulebook_idx').on(t.rulebookId, t.seq)],
);

/** The compacted state of a rulebook's draft: every update up to `throughSeq` merged into one. */
export const docSnapshots = sqliteTable('doc_snapshots', {
  rulebookId: text('rulebook_id').primaryKey().references(() => rulebooks.id, { onDelete: 'cascade' }),
  data: blob('data', { mode: 'buffer' }).notNull(),
  throughSeq: integer('through_seq').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Server settings generated on first start (e.g. the cookie-signing secret). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Comments on an article, threaded by `parentId`, optionally anchored to a passage by Yjs relative positions. */
export const comments = sqliteTable(
  'comments',
  {
    id: text('id').primaryKey(),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    articleId: text('article_id').notNull(),
    parentId: text('parent_id'),
    authorId: text('author_id').notNull().references(() => users.id),
    /** The article's number when the comment was made (null for comments made before numbers were kept). */
    articleNumber: integer('article_number'),
    body: text('body').notNull(),
    /** The passage quoted when the comment was made. */
    quote: text('quote'),
    /** JSON of `Y.RelativePosition`s delimiting the quoted passage in the draft. */
    anchorStart: text('anchor_start'),
    anchorEnd: text('anchor_end'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    editedAt: integer('edited_at', { mode: 'timestamp_ms' }),
    deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
    hiddenAt: integer('hidden_at', { mode: 'timestamp_ms' }),
    hiddenBy: text('hidden_by').references(() => users.id),
    hiddenReason: text('hidden_reason'),
  },
  (t) => [index('comments_article_idx').on(t.rulebookId, t.articleId, t.createdAt)],
);

/** Reports of a comment to the moderators; one per person and comment. */
export const commentReports = sqliteTable(
  'comment_reports',
  {
    commentId: text('comment_id').notNull().references(() => comments.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id),
    reason: text('reason'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** When an organiser dealt with the report (hid, restored or kept the comment); null while it waits in the queue. */
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.userId] })],
);

/** Amendment proposals: modify, insert or delete an article, with the article's wording at proposal time. */
export const amendments = sqliteTable(
  'amendments',
  {
    id: text('id').primaryKey(),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    /** Short sequential number within the rulebook (#1, #2…). */
    number: integer('number').notNull(),
    kind: text('kind', { enum: ['modify', 'insert', 'delete'] }).notNull(),
    /** The article modified or deleted; for an insert, the id the new article gets once accepted. */
    articleId: text('article_id'),
    /** For an insert: the article it goes after (null = at the start). */
    afterArticleId: text('after_article_id'),
    /**
     * The number of the article concerned when the amendment was proposed (for an insert: of the article it goes
     * after; null at the start, and for amendments made before numbers were kept).
     */
    articleNumber: integer('article_number'),
    /** The same number when the amendment was decided. */
    decidedArticleNumber: integer('decided_article_number'),
    title: text('title'),
    text: text('text'),
    rationale: text('rationale').notNull(),
    baseTitle: text('base_title'),
    baseText: text('base_text'),
    authorId: text('author_id').notNull().references(() => users.id),
    /** `draft`: opened by its author to collect co-signers, not yet filed (unlisted, no number: `number` is 0). */
    status: text('status', { enum: ['draft', 'open', 'accepted', 'rejected', 'withdrawn'] }).notNull(),
    decisionReason: text('decision_reason'),
    decidedBy: text('decided_by').references(() => users.id),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    /** The wording actually merged when accepted (the proposal, or the organiser's resolution of a conflict). */
    appliedTitle: text('applied_title'),
    appliedText: text('applied_text'),
    /** Accepted by merging it three-way with changes made to the article since it was proposed. */
    merged: integer('merged', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('amendments_rulebook_idx').on(t.rulebookId, t.status), index('amendments_article_idx').on(t.rulebookId, t.articleId)],
);

/** Earlier wordings of an amendment, kept when its author edits it. */
export const amendmentRevisions = sqliteTable(
  'amendment_revisions',
  {
    amendmentId: text('amendment_id').notNull().references(() => amendments.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    title: text('title'),
    text: text('text'),
    rationale: text('rationale').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.amendmentId, t.revision] })],
);

/** Co-signers of an amendment, gathered while it is a draft or open: one per person and amendment, never its author. */
export const amendmentCosigners = sqliteTable(
  'amendment_cosigners',
  {
    amendmentId: text('amendment_id').notNull().references(() => amendments.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** When the co-signature was written to the audit log; null while the amendment is still a draft. */
    recordedAt: integer('recorded_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.amendmentId, t.userId] })],
);

/** Supports of an amendment: one per person and amendment. */
export const supports = sqliteTable(
  'supports',
  {
    amendmentId: text('amendment_id').notNull().references(() => amendments.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** When the support was written to the audit log; null while it may still be withdrawn without a trace. */
    recordedAt: integer('recorded_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.amendmentId, t.userId] }), index('supports_pending_idx').on(t.recordedAt)],
);

/**
 * Append-only, hash-chained record of everything done on a rulebook. `seq` is the row's key across rulebooks;
 * `number` counts a rulebook's entries 1, 2, 3… `formula` says what the hash covers: 1 (entries written before
 * per-rulebook numbers) hashes `seq`, 2 hashes `number` and the formula itself.
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    number: integer('number').notNull().default(0),
    formula: integer('formula').notNull().default(1),
    actorId: text('actor_id').references(() => users.id),
    actorName: text('actor_name'),
    type: text('type').notNull(),
    /** Canonical JSON of the event's details. */
    payload: text('payload').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_rulebook_idx').on(t.rulebookId, t.seq), uniqueIndex('audit_number_idx').on(t.rulebookId, t.number)],
);

/**
 * Direct edits of the draft by an organiser not yet in the audit log: the article's wording when they started
 * editing it, kept so that an edit still waiting for its quiet period is recorded after a crash.
 */
export const pendingDraftEdits = sqliteTable('pending_draft_edits', {
  id: text('id').primaryKey(),
  rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
  userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  actorName: text('actor_name').notNull(),
  articleId: text('article_id').notNull(),
  /** The article's number when the edit began (null: the organiser inserted it). */
  articleNumber: integer('article_number'),
  /** JSON `{ title, text }` of the article before the edit, or null when the organiser inserted it. */
  before: text('before'),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Immutable, versioned releases of a rulebook's draft. */
export const releases = sqliteTable(
  'releases',
  {
    id: text('id').primaryKey(),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    major: integer('major').notNull(),
    minor: integer('minor').notNull(),
    notes: text('notes'),
    /** Canonical JSON (RFC 8785) of the draft's JSON view at publication; `sha256` is its hash. */
    content: text('content').notNull(),
    sha256: text('sha256').notNull(),
    /** The Yjs state the release was cut from. */
    state: blob('state', { mode: 'buffer' }).notNull(),
    /** JSON of the generated changelog. */
    changelog: text('changelog').notNull(),
    publishedBy: text('published_by').notNull().references(() => users.id),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }).notNull(),
    officialAt: integer('official_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('releases_version_idx').on(t.rulebookId, t.version), index('releases_order_idx').on(t.rulebookId, t.major, t.minor)],
);

/**
 * What a person follows: a whole rulebook (`targetId` = the rulebook's id), one article (its stable article id)
 * or one amendment. Authors follow their amendments and supporters what they support, automatically.
 */
export const follows = sqliteTable(
  'follows',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    target: text('target', { enum: ['rulebook', 'article', 'amendment'] }).notNull(),
    targetId: text('target_id').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.target, t.targetId] }), index('follows_target_idx').on(t.target, t.targetId)],
);

/**
 * In-app notifications, one per person and happening (`eventKey` is unique per person, so a happening announced
 * twice neither notifies nor mails twice). `mailedAt` is set when it went out by mail, alone or in a digest.
 */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    /** The notification kind (a `NotificationKind`): what a person chooses immediate, digest or no mail for. */
    kind: text('kind').notNull(),
    eventKey: text('event_key').notNull(),
    /** JSON of what the notification says (type, titles, numbers, reason…), written when it happened. */
    payload: text('payload').notNull(),
    /** Where the notification leads, a path on this site. */
    path: text('path').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    readAt: integer('read_at', { mode: 'timestamp_ms' }),
    /** Whether it waits for its person's daily digest mail. */
    digestPending: integer('digest_pending', { mode: 'boolean' }).notNull().default(false),
    mailedAt: integer('mailed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('notifications_event_idx').on(t.userId, t.eventKey), index('notifications_user_idx').on(t.userId, t.readAt, t.id), index('notifications_digest_idx').on(t.digestPending, t.createdAt)],
);

/** How a person wants a kind of notification by mail when it is not the default (no row: the kind's default). */
export const notificationPreferences = sqliteTable(
  'notification_preferences',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    delivery: text('delivery', { enum: ['immediate', 'digest'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** Consultation notices already sent (opening, closing in 24 h, closed), per rulebook and window instant. */
export const consultationNotices = sqliteTable(
  'consultation_notices',
  {
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    notice: text('notice', { enum: ['opened', 'closing', 'closed'] }).notNull(),
    /** The window instant the notice is about (opensAt or closesAt): a new window gets new notices. */
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.rulebookId, t.notice, t.at] })],
);
