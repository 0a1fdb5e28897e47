import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { rulebookSchema } from '../../shared/schema.js';
import { draftFragment } from '../../shared/doc/ydoc.js';
import { blocksText, childrenOf } from '../../shared/doc/view.js';
import type { Wording } from '../../shared/validation/amendments.js';

/** The person behind a connection that writes the draft. */
export interface Editor {
  userId: string;
  name: string;
}

/** An article as the journal last saw it. */
export interface ArticleState {
  id: string;
  number: number;
  wording: Wording;
}

/** One organiser's edits of one article, from their first change to the end of the quiet period that followed. */
export interface DirectEdit {
  /** Key of the pending record written when the edit began. */
  pendingId: string;
  rulebookId: string;
  editor: Editor;
  /** The article before the edit, or null when the organiser inserted it. */
  before: ArticleState | null;
  /** The article after the edit (numbered as it is now), or null when the organiser deleted it. */
  after: ArticleState | null;
  startedAt: Date;
}

/** Where a journal's edits go: the domain records them in the audit log (server/domain/direct-edits.ts). */
export interface EditSink {
  /** An organiser began editing an article (`after`: as their first change left it): remember it durably, in case the server stops. */
  started(edit: DirectEdit): void;
  /** The edit went quiet (or the room unloads, or a server-side edit comes): record it. */
  settled(edit: DirectEdit): void;
  /** The edit ended where it began (typed, then undone): forget it. */
  dropped(pendingId: string): void;
}

/** How a room journals the direct edits made over its connections. */
export interface EditJournalOptions {
  /** An edit is recorded once its organiser has not touched the article for this long. */
  quietMs: number;
  sink: EditSink;
  /** Told when the sink fails; the edit stays pending (recorded at the next start). */
  onError: (err: unknown, rulebookId: string) => void;
}

interface Group {
  id: string;
  editor: Editor;
  before: ArticleState | null;
  after: ArticleState | null;
  startedAt: Date;
  timer: ReturnType<typeof setTimeout> | null;
}

/** ProseMirror JSON of a Y element (marks left out: the wording is plain text). */
function toJSON(type: Y.XmlElement | Y.XmlText): Record<string, unknown>[] {
  if (type instanceof Y.XmlText) {
    return (type.toDelta() as { insert: unknown }[]).flatMap((op) => (typeof op.insert === 'string' && op.insert ? [{ type: 'text', text: op.insert }] : []));
  }
  const content = type.toArray().flatMap((child) => (child instanceof Y.XmlElement || child instanceof Y.XmlText ? toJSON(child) : []));
  return [{ type: type.nodeName, attrs: type.getAttributes(), content }];
}

/** The title and text of an article element, as the draft's JSON view reads them. */
export function articleWording(element: Y.XmlElement): Wording {
  const node = rulebookSchema.nodeFromJSON(toJSON(element)[0]);
  const [heading, ...body] = childrenOf(node);
  return { title: heading?.textContent ?? '', text: blocksText(body) };
}

/** The top-level node of the draft that holds `type`, or null (the fragment itself, or a detached type). */
function topLevelOf(type: object, fragment: Y.XmlFragment): Y.XmlElement | null {
  let current = type as { parent: object | null } | null;
  while (current && current.parent !== fragment) current = current.parent as { parent: object | null } | null;
  return current instanceof Y.XmlElement ? current : null;
}

const sameWording = (a: Wording, b: Wording) => a.title === b.title && a.text === b.text;

/**
 * Watches one room's draft and groups the edits organisers make over their connections, per organiser and
 * article, until that organiser leaves the article alone for `quietMs`; then hands each group to the sink with
 * the article's wording before and after. Articles are followed by their Y element, so an id repaired by the
 * server does not split an edit. Edits with another origin (loading, server-side edits) only update what the
 * journal knows. Reading a touched article costs its size, once per transaction.
 */
export class EditJournal {
  private readonly fragment: Y.XmlFragment;
  /** Every article of the draft, in order, as of the last transaction. */
  private articles = new Map<Y.XmlElement, ArticleState>();
  /** Edits waiting for their quiet period, per organiser, then per article element. */
  private readonly groups = new Map<string, Map<Y.XmlElement, Group>>();
  private readonly observer = (tr: Y.Transaction) => this.observe(tr);

  constructor(
    private readonly doc: Y.Doc,
    private readonly rulebookId: string,
    private readonly options: EditJournalOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.fragment = draftFragment(doc);
    this.articles = this.renumber(new Map(), new Set(this.articleElements()));
    doc.on('afterTransaction', this.observer);
  }

  /** Record every pending edit now (when the room unloads, and before a server-side edit). */
  flush(): void {
    for (const byElement of [...this.groups.values()]) for (const group of [...byElement.values()]) this.settle(group);
  }

  /** Stop watching (the room is destroyed: flush first). */
  dispose(): void {
    this.doc.off('afterTransaction', this.observer);
    for (const byElement of this.groups.values()) for (const group of byElement.values()) if (group.timer) clearTimeout(group.timer);
    this.groups.clear();
  }

  private articleElements(): Y.XmlElement[] {
    return this.fragment.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'article');
  }

  /** The states of `elements` in document order, re-reading the wording of those in `read`. */
  private renumber(known: Map<Y.XmlElement, ArticleState>, read: Set<Y.XmlElement>): Map<Y.XmlElement, ArticleState> {
    const next = new Map<Y.XmlElement, ArticleState>();
    for (const element of this.articleElements()) {
      const previous = known.get(element);
      const wording = previous && !read.has(element) ? previous.wording : this.read(element);
      next.set(element, { id: String(element.getAttribute('id') ?? ''), number: next.size + 1, wording });
    }
    return next;
  }

  private read(element: Y.XmlElement): Wording {
    try {
      return articleWording(element);
    } catch {
      // A node the schema refuses (mid-edit): keep its text readable rather than lose the edit.
      return { title: '', text: element.toArray().map((c) => (c instanceof Y.XmlElement || c instanceof Y.XmlText ? c.toString().replace(/<[^>]*>/g, '') : '')).join('\n\n') };
    }
  }

  private observe(tr: Y.Transaction): void {
    const touched = new Set<Y.XmlElement>();
    let structural = false;
    for (const type of tr.changed.keys()) {
      if ((type as unknown) === this.fragment) structural = true;
      else {
        const top = topLevelOf(type, this.fragment);
        if (top?.nodeName === 'article') touched.add(top);
      }
    }
    if (!structural && touched.size === 0) return;
    const before = this.articles;
    if (structural) {
      this.articles = this.renumber(before, touched);
      for (const element of this.articles.keys()) if (!before.has(element)) touched.add(element);
    } else {
      this.articles = new Map(before);
      for (const element of touched) {
        const state = before.get(element);
        if (state) this.articles.set(element, { ...state, id: String(element.getAttribute('id') ?? ''), wording: this.read(element) });
      }
    }
    const editor = (tr.origin as { editor?: Editor | null } | null)?.editor ?? null;
    if (!editor) return;
    for (const element of touched) if (this.articles.has(element)) this.note(editor, element, before.get(element) ?? null);
    for (const [element, state] of before) if (!this.articles.has(element)) this.note(editor, element, state);
  }

  /** An organiser changed an article (which was `before` this transaction): start or extend their edit of it. */
  private note(editor: Editor, element: Y.XmlElement, before: ArticleState | null): void {
    let byElement = this.groups.get(editor.userId);
    if (!byElement) this.groups.set(editor.userId, (byElement = new Map()));
    let group = byElement.get(element);
    if (!group) {
      group = { id: randomUUID(), editor, before, after: this.articles.get(element) ?? null, startedAt: this.clock(), timer: null };
      byElement.set(element, group);
      const started = group;
      this.safely(() => this.options.sink.started({ pendingId: started.id, rulebookId: this.rulebookId, editor, before, after: started.after, startedAt: started.startedAt }));
    }
    group.after = this.articles.get(element) ?? null;
    if (group.timer) clearTimeout(group.timer);
    const waiting = group;
    group.timer = setTimeout(() => this.settle(waiting), this.options.quietMs);
    group.timer.unref?.();
  }

  private settle(group: Group): void {
    if (group.timer) clearTimeout(group.timer);
    const byElement = this.groups.get(group.editor.userId);
    for (const [element, g] of byElement ?? []) {
      if (g !== group) continue;
      byElement!.delete(element);
      // Numbered as the draft is now: insertions by others since the last keystroke move it too.
      const now = this.articles.get(element);
      if (now && group.after) group.after = now;
    }
    if (byElement?.size === 0) this.groups.delete(group.editor.userId);
    const { before, after } = group;
    const unchanged = before && after ? sameWording(before.wording, after.wording) : !before && !after;
    this.safely(() => {
      if (unchanged) this.options.sink.dropped(group.id);
      else this.options.sink.settled({ pendingId: group.id, rulebookId: this.rulebookId, editor: group.editor, before, after, startedAt: group.startedAt });
    });
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.options.onError(err, this.rulebookId);
    }
  }
}
