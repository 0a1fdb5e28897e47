import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { rulebookSchema } from '../../shared/schema.js';
import { draftFragment } from '../../shared/doc/ydoc.js';
import { blocksText, childrenOf } from '../../shared/doc/view.js';
import type { Wording } from '../../shared/validation/amendments.js';
import { articleTexts, carriedTexts, insertedBetween, joinRanges, type CarriedRange, type ItemRange, type ItemText } from './item-ranges.js';

/** The person behind a connection that writes the draft. */
export interface Editor {
  userId: string;
  name: string;
}

/** The parts of a draft whose direct edits are journaled: its top-level nodes. */
export type DraftPart = 'title' | 'preamble' | 'section' | 'article';

/**
 * A part of the draft as the journal last saw it. `id` is the node's id for a section or an article, and
 * `'title'` / `'preamble'` for those two (a draft has at most one of each). `number` is an article's number
 * (null for other parts). The wording of a title, preamble or section heading is all in `text`.
 */
export interface PartState {
  part: DraftPart;
  id: string;
  number: number | null;
  wording: Wording;
}

/** One organiser's edits of one part, from their first change to the end of the quiet period that followed. */
export interface DirectEdit {
  /** Key of the pending record written when the edit began. */
  pendingId: string;
  rulebookId: string;
  editor: Editor;
  /** The part before the edit, or null when the organiser inserted it. */
  before: PartState | null;
  /** The part after the edit (an article numbered as it is now), or null when the organiser deleted it. */
  after: PartState | null;
  startedAt: Date;
  /** The Yjs items the organiser's changes inserted while the edit lasted (unknown for one recovered after a stop). */
  items?: (ItemRange | CarriedRange)[];
}

/** Where a journal's edits go: the domain records them in the audit log (server/domain/direct-edits.ts). Called one at a time, in order. */
export interface EditSink {
  /** An organiser began editing a part (`after`: as their first change left it): remember it durably, in case the server stops. */
  started(edit: DirectEdit): Promise<void>;
  /** The edit went quiet (or the room unloads, or a server-side edit comes): record it. */
  settled(edit: DirectEdit): Promise<void>;
  /** The edit ended where it began (typed, then undone): forget it. */
  dropped(pendingId: string): Promise<void>;
}

/** How a room journals the direct edits made over its connections. */
export interface EditJournalOptions {
  /** An edit is recorded once its organiser has not touched the part for this long. */
  quietMs: number;
  sink: EditSink;
  /** Told when the sink fails; the edit stays pending (recorded at the next start). */
  onError: (err: unknown, rulebookId: string) => void;
}

interface Group {
  id: string;
  editor: Editor;
  before: PartState | null;
  after: PartState | null;
  startedAt: Date;
  items: ItemRange[];
  /** Items of an article this organiser deleted and inserted again the same (a move), as copies of its old items. */
  carried: CarriedRange[];
  /** The text items of the article this edit deleted, kept while it lasts in case the organiser inserts it again. */
  removed?: { id: string; element: Y.ID; texts: ItemText[] };
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

const PARTS = new Set<string>(['title', 'preamble', 'section', 'article']);
const isPart = (name: string): name is DraftPart => PARTS.has(name);

/** The wording of a top-level element, as the draft's JSON view reads it (an article's title apart, the rest as text). */
export function partWording(element: Y.XmlElement): Wording {
  const node = rulebookSchema.nodeFromJSON(toJSON(element)[0]);
  const children = childrenOf(node);
  if (element.nodeName === 'article') return { title: children[0]?.textContent ?? '', text: blocksText(children.slice(1)) };
  return { title: '', text: element.nodeName === 'preamble' ? blocksText(children) : node.textContent };
}

/** The top-level node of the draft that holds `type`, or null (the fragment itself, or a detached type). */
function topLevelOf(type: object, fragment: Y.XmlFragment): Y.XmlElement | null {
  let current = type as { parent: object | null } | null;
  while (current && current.parent !== fragment) current = current.parent as { parent: object | null } | null;
  return current instanceof Y.XmlElement ? current : null;
}

const sameWording = (a: Wording, b: Wording) => a.title === b.title && a.text === b.text;

/** What a part is and its id: a node's `id` attribute for a section or an article, the part's name otherwise. */
function identify(element: Y.XmlElement): { part: DraftPart; id: string } {
  const part = element.nodeName as DraftPart;
  return { part, id: part === 'title' || part === 'preamble' ? part : String(element.getAttribute('id') ?? '') };
}

/**
 * Watches one room's draft and groups the edits organisers make over their connections, per organiser and part
 * (the title, the preamble, a section heading, an article), until that organiser leaves the part alone for
 * `quietMs`; then hands each group to the sink with the part's wording before and after. Parts are followed by
 * their Y element, so an id repaired by the server does not split an edit. Edits with another origin (loading,
 * server-side edits) only update what the journal knows. Reading a touched part costs its size, once per
 * transaction.
 */
export class EditJournal {
  private readonly fragment: Y.XmlFragment;
  /** Every part of the draft, in order, as of the last transaction. */
  private parts = new Map<Y.XmlElement, PartState>();
  /** Edits waiting for their quiet period, per organiser, then per part's element. */
  private readonly groups = new Map<string, Map<Y.XmlElement, Group>>();
  private readonly observer = (tr: Y.Transaction) => this.observe(tr);
  /** What was last handed to the sink, once it is done: the sink sees one thing at a time, in order. */
  private sinking: Promise<void> = Promise.resolve();

  constructor(
    private readonly doc: Y.Doc,
    private readonly rulebookId: string,
    private readonly options: EditJournalOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.fragment = draftFragment(doc);
    this.parts = this.renumber(new Map(), new Set(this.partElements()));
    doc.on('afterTransaction', this.observer);
  }

  /** Record every pending edit now (when the room unloads, and before a server-side edit); resolves once recorded. */
  flush(): Promise<void> {
    for (const byElement of [...this.groups.values()]) for (const group of [...byElement.values()]) this.settle(group);
    return this.sinking;
  }

  /** Stop watching (the room is destroyed: flush first). */
  dispose(): void {
    this.doc.off('afterTransaction', this.observer);
    for (const byElement of this.groups.values()) for (const group of byElement.values()) if (group.timer) clearTimeout(group.timer);
    this.groups.clear();
  }

  private partElements(): Y.XmlElement[] {
    return this.fragment.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && isPart(n.nodeName));
  }

  /** The states of the draft's parts in document order, re-reading the wording of those in `read`. */
  private renumber(known: Map<Y.XmlElement, PartState>, read: Set<Y.XmlElement>): Map<Y.XmlElement, PartState> {
    const next = new Map<Y.XmlElement, PartState>();
    let articles = 0;
    for (const element of this.partElements()) {
      const previous = known.get(element);
      const wording = previous && !read.has(element) ? previous.wording : this.read(element);
      const number = element.nodeName === 'article' ? ++articles : null;
      next.set(element, { ...identify(element), number, wording });
    }
    return next;
  }

  private read(element: Y.XmlElement): Wording {
    try {
      return partWording(element);
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
        if (top && isPart(top.nodeName)) touched.add(top);
      }
    }
    if (!structural && touched.size === 0) return;
    const before = this.parts;
    if (structural) {
      this.parts = this.renumber(before, touched);
      for (const element of this.parts.keys()) if (!before.has(element)) touched.add(element);
    } else {
      this.parts = new Map(before);
      for (const element of touched) {
        const state = before.get(element);
        if (state) this.parts.set(element, { ...state, ...identify(element), wording: this.read(element) });
      }
    }
    const editor = (tr.origin as { editor?: Editor | null } | null)?.editor ?? null;
    if (!editor) return;
    const inserted = insertedBetween(tr.beforeState, tr.afterState);
    for (const element of touched) if (this.parts.has(element)) this.note(editor, element, before.get(element) ?? null, inserted);
    for (const [element, state] of before) {
      if (this.parts.has(element)) continue;
      const group = this.note(editor, element, state, inserted);
      // Read before the transaction ends: its deleted items lose their content then.
      if (state.part === 'article' && element._item) group.removed = { id: state.id, element: element._item.id, texts: articleTexts(element, true) };
    }
    for (const element of this.parts.keys()) if (!before.has(element) && element.nodeName === 'article') this.carryMoved(editor, element);
  }

  /** An article this organiser deleted, inserted again with its id and text (moved): its new items carry the old ones. */
  private carryMoved(editor: Editor, element: Y.XmlElement): void {
    const byElement = this.groups.get(editor.userId);
    const mine = byElement?.get(element);
    if (!byElement || !mine || !element._item) return;
    for (const group of byElement.values()) {
      const removed = group.removed;
      if (!removed || removed.id !== element.getAttribute('id')) continue;
      const carried = carriedTexts(removed.texts, articleTexts(element));
      if (carried.length === 0) continue;
      const { client, clock } = element._item.id;
      mine.carried.push([client, clock, clock + 1, removed.element.client, removed.element.clock], ...carried);
      group.removed = undefined;
      return;
    }
  }

  /** An organiser changed a part (which was `before` this transaction): start or extend their edit of it. */
  private note(editor: Editor, element: Y.XmlElement, before: PartState | null, inserted: ItemRange[]): Group {
    let byElement = this.groups.get(editor.userId);
    if (!byElement) this.groups.set(editor.userId, (byElement = new Map()));
    let group = byElement.get(element);
    if (!group) {
      group = { id: randomUUID(), editor, before, after: this.parts.get(element) ?? null, startedAt: this.clock(), items: [], carried: [], timer: null };
      byElement.set(element, group);
      const started = group;
      this.safely(() => this.options.sink.started({ pendingId: started.id, rulebookId: this.rulebookId, editor, before, after: started.after, startedAt: started.startedAt }));
    }
    group.after = this.parts.get(element) ?? null;
    group.items = joinRanges(group.items, inserted);
    if (group.timer) clearTimeout(group.timer);
    const waiting = group;
    group.timer = setTimeout(() => this.settle(waiting), this.options.quietMs);
    group.timer.unref?.();
    return group;
  }

  private settle(group: Group): void {
    if (group.timer) clearTimeout(group.timer);
    const byElement = this.groups.get(group.editor.userId);
    for (const [element, g] of byElement ?? []) {
      if (g !== group) continue;
      byElement!.delete(element);
      // Numbered as the draft is now (insertions by others since the last keystroke move it too), but worded as
      // this organiser's last change left it: what others typed since is theirs.
      const now = this.parts.get(element);
      if (now && group.after) group.after = { ...group.after, id: now.id, number: now.number };
    }
    if (byElement?.size === 0) this.groups.delete(group.editor.userId);
    const { before, after } = group;
    const unchanged = before && after ? sameWording(before.wording, after.wording) : !before && !after;
    this.safely(() => {
      if (unchanged) return this.options.sink.dropped(group.id);
      return this.options.sink.settled({ pendingId: group.id, rulebookId: this.rulebookId, editor: group.editor, before, after, startedAt: group.startedAt, items: [...group.items, ...group.carried] });
    });
  }

  /** Hand something to the sink after what came before; a failure is reported, and what follows still goes. */
  private safely(fn: () => Promise<void>): void {
    this.sinking = this.sinking.then(fn).catch((err: unknown) => this.options.onError(err, this.rulebookId));
  }
}
