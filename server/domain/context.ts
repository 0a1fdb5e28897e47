import type { Db } from '../db/handle.js';
import type { DocRegistry } from '../collab/registry.js';
import type { Mailer } from '../mail/mailer.js';
import type { Me } from '../../shared/validation/api.js';

/** Types of audited events. */
export type AuditType =
  | 'rulebook.created'
  | 'membership.set'
  | 'membership.left'
  | 'membership.removed'
  | 'participation.set'
  | 'window.set'
  | 'draft.imported'
  | 'draft.edited'
  | 'comment.created'
  | 'comment.edited'
  | 'comment.deleted'
  | 'comment.hidden'
  | 'comment.reported'
  | 'comment.restored'
  | 'comment.kept'
  | 'moderation.auto_hide_set'
  | 'amendment.created'
  | 'amendment.edited'
  | 'amendment.withdrawn'
  | 'amendment.supported'
  | 'amendment.unsupported'
  | 'amendment.accepted'
  | 'amendment.rejected'
  | 'amendment.filed'
  | 'amendment.cosigned'
  | 'cosigning.threshold_set'
  | 'release.published'
  | 'release.official';

/** One thing a command did to a rulebook, as recorded in its audit log (unless `audited` is false). */
export interface Happening {
  rulebookId: string;
  actor: Me | null;
  type: AuditType;
  payload: Record<string, unknown>;
  audited: boolean;
}

/**
 * What every domain function is handed, created once per server (`server/plugins/domain.ts`): storage, the live
 * drafts, the time, and where committed happenings go (events to viewers, live role changes…).
 */
export interface Domain {
  db: Db;
  docs: DocRegistry;
  /** The current time; tests move it to check what depends on it. */
  clock: () => Date;
  /** Called once per committed command with what it did, in order. */
  announce: (happenings: Happening[]) => void;
  /** Called once per committed command on a rulebook, whatever it did: what was kept about the rulebook is stale. */
  changed: (rulebookId: string) => void;
  /** A support withdrawn within this many milliseconds of being given leaves no trace in the audit log. */
  supportSettleMs: number;
  /** Outgoing mail, queued in the caller's transaction and sent afterwards. */
  mail: Mailer;
}
