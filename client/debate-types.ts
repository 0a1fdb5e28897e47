/** The debate API's shapes (comments, amendments, audit log, releases), from the definitions the server answers with. */

export type { ArticleChange, ArticleDiff } from '../shared/doc/version-diff.js';
export type { Comment, CommentAnchor, AuditEntry } from '../shared/types.js';
export type { DiffRun } from '../shared/doc/diff.js';
export type { AuditVerification } from '../shared/validation/api.js';
export type {
  Amendment,
  AmendmentDetail,
  AmendmentConflict,
  ProposeAmendmentBody as NewAmendment,
} from '../shared/validation/amendments.js';

/** Someone named in a comment or an amendment. */
export type Person = { id: string; displayName: string };

/** The three kinds of proposal. */
export type AmendmentKind = 'modify' | 'insert' | 'delete';

/** Where an amendment stands. */
export type AmendmentStatus = 'open' | 'accepted' | 'rejected' | 'withdrawn';

/** A title and text pair. */
export type Wording = { title: string; text: string };

export type { Changelog, ChangelogAmendment, ChangelogDirectEdit, ReleaseSummary, Release, VersionComparison } from '../shared/validation/releases.js';
