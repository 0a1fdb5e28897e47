import { and, eq, inArray, or } from 'drizzle-orm';
import { first, type Queryable } from '../db/handle.js';
import { amendments, follows } from '../db/schema.js';
import { errors } from '../errors.js';
import { requireSignedIn } from './access.js';
import type { Domain } from './context.js';
import { getDraft } from './draft.js';
import type { Rulebook } from './rulebooks.js';
import type { Me } from '../../shared/validation/api.js';
import type { FollowBody, Following, FollowTarget } from '../../shared/validation/notifications.js';

/** Follow something (or nothing if already followed); used by the follow button and the automatic follows. */
export async function addFollow(q: Queryable, userId: string, rulebookId: string, target: FollowTarget, targetId: string, now: Date): Promise<void> {
  await q.insert(follows).values({ userId, rulebookId, target, targetId, createdAt: now }).onConflictDoNothing();
}

/** What a person follows in a rulebook. */
export async function following({ db }: Domain, rulebook: Rulebook, viewer: Me | null): Promise<Following> {
  const rows = viewer ? (await db.select({ target: follows.target, targetId: follows.targetId }).from(follows).where(and(eq(follows.userId, viewer.id), eq(follows.rulebookId, rulebook.id)))) : [];
  return {
    rulebook: rows.some((r) => r.target === 'rulebook'),
    articles: rows.filter((r) => r.target === 'article').map((r) => r.targetId),
    amendments: rows.filter((r) => r.target === 'amendment').map((r) => r.targetId),
  };
}

/** Follow or stop following a rulebook, one of its articles or one of its amendments (anyone signed in). */
export async function setFollow(ctx: Domain, rulebook: Rulebook, actor: Me | null, input: FollowBody): Promise<Following> {
  const user = requireSignedIn(actor);
  const targetId = input.target === 'rulebook' ? rulebook.id : input.id;
  if (!targetId) throw errors.followTargetMissing();
  if (input.follow && input.target === 'article' && !(await getDraft(ctx, rulebook.id)).articles.some((a) => a.id === targetId)) throw errors.articleNotFound(targetId);
  if (input.follow && input.target === 'amendment') {
    const row = first(await ctx.db.select({ id: amendments.id }).from(amendments).where(and(eq(amendments.id, targetId), eq(amendments.rulebookId, rulebook.id))));
    if (!row) throw errors.amendmentNotFound();
  }
  if (input.follow) await addFollow(ctx.db, user.id, rulebook.id, input.target, targetId, ctx.clock());
  else await ctx.db.delete(follows).where(and(eq(follows.userId, user.id), eq(follows.target, input.target), eq(follows.targetId, targetId)));
  return following(ctx, rulebook, user);
}

/** Everyone following the rulebook, any of `articleIds`, or any of `amendmentIds`. */
export async function followersOf(q: Queryable, rulebookId: string, articleIds: (string | null)[], amendmentIds: string[]): Promise<Set<string>> {
  const articles = articleIds.filter((id): id is string => id !== null);
  const rows = await q
    .select({ userId: follows.userId })
    .from(follows)
    .where(
      or(
        and(eq(follows.target, 'rulebook'), eq(follows.targetId, rulebookId)),
        articles.length ? and(eq(follows.rulebookId, rulebookId), eq(follows.target, 'article'), inArray(follows.targetId, articles)) : undefined,
        amendmentIds.length ? and(eq(follows.target, 'amendment'), inArray(follows.targetId, amendmentIds)) : undefined,
      ),
    );
  return new Set(rows.map((r) => r.userId));
}
