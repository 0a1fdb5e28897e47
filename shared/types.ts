/** Roles a person can hold on a rulebook; organisers write the draft, members take part in the debate. */
export const Role = { organiser: 'organiser', member: 'member' } as const;
export type Role = (typeof Role)[keyof typeof Role];

/** One article of the draft as the public JSON view shows it; `number` is derived from document order. */
export interface DraftArticle {
  id: string;
  number: number;
  title: string;
  /** Body as plain text: blocks separated by a blank line, list items by a newline. */
  text: string;
  /** Title of the section heading the article falls under, if any. */
  section: string | null;
}

/** A section heading that groups the articles after it. */
export interface DraftSection {
  id: string;
  title: string;
  /** Number of the first article under this heading (null when none follows). */
  firstArticle: number | null;
}

/** The plain JSON view of a rulebook draft. */
export interface DraftView {
  title: string;
  preamble: string;
  sections: DraftSection[];
  articles: DraftArticle[];
}

/** The signed-in person, as `GET /api/me` presents them. */
export interface Me {
  id: string;
  email: string;
  displayName: string;
}

/** A rulebook as the API presents it. */
export interface RulebookSummary {
  slug: string;
  title: string;
  language: string;
  createdAt: string;
  /** The caller's role on it, or null for readers. */
  role: Role | null;
  /** Display names of its organisers. */
  organisers: string[];
  /** The consultation window (ISO instants), or nulls when none is set. */
  opensAt: string | null;
  closesAt: string | null;
  consultation: 'unscheduled' | 'upcoming' | 'open' | 'closed';
}

/** A membership of a rulebook. */
export interface Member {
  userId: string;
  displayName: string;
  email: string;
  role: Role;
}

/** Where a comment's quoted passage stands in the live draft. */
export interface CommentAnchor {
  /** `none`: no quote; `attached`: the passage is still there; `detached`: it was deleted from the draft. */
  status: 'none' | 'attached' | 'detached';
  /** The passage as it reads now (it follows edits), or null when there is none. */
  text: string | null;
  /** JSON of the Yjs relative positions delimiting the passage, for highlighting it with y-prosemirror. */
  start: string | null;
  end: string | null;
}

/** A comment on an article as the API presents it to one viewer; replies point at their parent by `parentId`. */
export interface Comment {
  id: string;
  articleId: string;
  parentId: string | null;
  author: { id: string; displayName: string };
  /** Null once deleted by its author or hidden by an organiser. */
  body: string | null;
  /** The passage quoted when the comment was made. */
  quote: string | null;
  anchor: CommentAnchor;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  /** Set when an organiser hid the comment; the reason is public. */
  hidden: { at: string; reason: string; by: string } | null;
  /** How many people reported it: shown to the rulebook's organisers only, null for everyone else. */
  reportCount: number | null;
  reportedByMe: boolean;
  mine: boolean;
}

/** One entry of a rulebook's hash-chained audit log. */
export interface AuditEntry {
  seq: number;
  type: string;
  actor: { id: string; name: string } | null;
  payload: Record<string, unknown>;
  createdAt: string;
  /** SHA-256 of the previous entry (zeros for the first); `hash` covers this entry and `prevHash`. */
  prevHash: string;
  hash: string;
}
