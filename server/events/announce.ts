import { first } from '../db/handle.js';
import { eq, sql } from 'drizzle-orm';
import { amendments, rulebooks, supports } from '../db/schema.js';
import { supportsHidden } from '../domain/access.js';
import type { Domain, Happening } from '../domain/context.js';
import type { RulebookEventBody } from '../../shared/protocol.js';

type AmendmentChange = Extract<RulebookEventBody, { type: 'amendment.changed' }>['change'];

const amendmentChanges: Record<string, AmendmentChange> = {
  'amendment.created': 'created',
  'amendment.filed': 'created',
  'amendment.cosigned': 'supported',
  'amendment.edited': 'edited',
  'amendment.withdrawn': 'withdrawn',
  'amendment.supported': 'supported',
  'amendment.unsupported': 'supported',
  'amendment.accepted': 'decided',
  'amendment.rejected': 'decided',
};

const rulebookChanges = {
  'rulebook.created': 'created',
  'window.set': 'window',
  'membership.set': 'members',
  'membership.left': 'members',
  'membership.removed': 'members',
  'participation.set': 'participation',
  'cosigning.threshold_set': 'participation',
  'release.published': 'releases',
  'release.official': 'releases',
  'draft.imported': 'draft',
  'draft.edited': 'draft',
} as const;

/**
 * The event telling a rulebook's viewers what to refresh after a committed happening, or null when there is
 * nothing public to refresh (a report is for the organisers). Amendment events carry the amendment's state as
 * committed, without its support count while the rulebook hides supports (everyone gets the same event).
 */
export async function eventFor({ db, clock }: Domain, happening: Happening): Promise<RulebookEventBody|null> {
  const { type, payload } = happening;
  if (type === 'comment.created' || type === 'comment.edited' || type === 'comment.deleted' || type === 'comment.hidden' || type === 'comment.restored') {
    const change = type.slice('comment.'.length) as 'created' | 'edited' | 'deleted' | 'hidden' | 'restored';
    return { type: 'comment.changed', articleId: String(payload.articleId), commentId: String(payload.commentId), change };
  }
  const amendmentChange = amendmentChanges[type];
  if (amendmentChange) {
    const found = first(await db
      .select({
        articleId: amendments.articleId,
        status: amendments.status,
        supportCount: sql<number>`(select count(*) from ${supports} where ${supports.amendmentId} = ${amendments.id})`.mapWith(Number),
        rulebook: { hideSupportsUntilClose: rulebooks.hideSupportsUntilClose, opensAt: rulebooks.opensAt, closesAt: rulebooks.closesAt },
      })
      .from(amendments)
      .innerJoin(rulebooks, eq(rulebooks.id, amendments.rulebookId))
      .where(eq(amendments.id, String(payload.amendmentId))));
    if (!found) return null;
    const { rulebook, supportCount, ...row } = found;
    const event = { type: 'amendment.changed' as const, amendmentId: String(payload.amendmentId), ...row, change: amendmentChange };
    return supportsHidden(rulebook, clock()) ? event : { ...event, supportCount };
  }
  if (type in rulebookChanges) return { type: 'rulebook.changed', change: rulebookChanges[type as keyof typeof rulebookChanges] };
  return null;
}
