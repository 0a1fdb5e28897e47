import { and, asc, eq } from 'drizzle-orm';
import { comments, memberships } from '../db/schema.js';
import type { Domain } from './context.js';

/** A comment row. */
type CommentRow = typeof comments.$inferSelect;

/** A rulebook's comment threads as the report and the organisers' overview read them. */
export interface Threads {
  /** Every comment, oldest first. */
  all: CommentRow[];
  /** Today's organisers of the rulebook. */
  organisers: Set<string>;
  /** Replies (not deleted) in the thread of each top-level comment, at any depth. */
  replies: Map<string, number>;
  /** Top-level comments whose thread has a reply (not deleted) by an organiser, at any depth. */
  answered: Set<string>;
}

/** Read a rulebook's comments and work out, per thread, its replies and whether an organiser answered it. */
export async function readThreads({ db }: Domain, rulebookId: string): Promise<Threads> {
  const all = await db.select().from(comments).where(eq(comments.rulebookId, rulebookId)).orderBy(asc(comments.createdAt), asc(comments.id));
  const organisers = new Set(
    (await db.select({ id: memberships.userId }).from(memberships).where(and(eq(memberships.rulebookId, rulebookId), eq(memberships.role, 'organiser')))).map((m) => m.id),
  );
  const parentOf = new Map(all.map((c) => [c.id, c.parentId]));
  const rootOf = (id: string): string => {
    let at = id;
    for (let parent = parentOf.get(at); parent; parent = parentOf.get(at)) at = parent;
    return at;
  };
  const replies = new Map<string, number>();
  const answered = new Set<string>();
  for (const c of all) {
    if (!c.parentId || c.deletedAt) continue;
    const root = rootOf(c.id);
    replies.set(root, (replies.get(root) ?? 0) + 1);
    if (organisers.has(c.authorId)) answered.add(root);
  }
  return { all, organisers, replies, answered };
}
