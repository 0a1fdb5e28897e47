/** The structure roles a block of text takes in the tagged PDF. */
export type Role = 'H1' | 'H2' | 'H3' | 'P';

/** Where a block sits in lists: how deeply nested (1 for a list in the text), and whether it starts an item (it carries the marker). */
export interface ListPlace {
  depth: number;
  item: boolean;
}

type Element = PDFKit.PDFStructureElement;

/**
 * The structure tree of a tagged PDF, built in reading order while the document is drawn: a Document element
 * holding headings, paragraphs, lists (L › LI › Lbl + LBody) and the table of contents (TOC › TOCI). Content is
 * tied to its element by marked-content sequences; what only decorates the page (rules, running header and
 * footer, watermark, leaders) is marked as an artifact, so screen readers skip it.
 */
export class Tagger {
  private readonly root: Element;
  private lists: Array<{ list: Element; item: Element | null; body: Element | null }> = [];

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }

  /** A new element, added at the current place in reading order (inside the current list item, if any). */
  element(role: string): Element {
    const element = this.doc.struct(role);
    (this.lists[this.lists.length - 1]?.body ?? this.root).add(element);
    return element;
  }

  /**
   * The element of a block, and the role its content is marked with: lists opened or closed to its depth; a block
   * that starts an item is the item's LBody itself (one object fewer per item), with the item's label element.
   */
  block(role: Role, list: ListPlace | undefined): { element: Element; role: string; label: Element | null } {
    const depth = list?.depth ?? 0;
    while (this.lists.length > depth) this.closeList();
    while (this.lists.length < depth) {
      const element = this.element('L');
      this.lists.push({ list: element, item: null, body: null });
    }
    let label: Element | null = null;
    const top = this.lists[this.lists.length - 1];
    if (top && (list?.item || !top.body)) {
      top.item?.end();
      top.item = this.doc.struct('LI');
      top.list.add(top.item);
      label = this.doc.struct('Lbl');
      top.body = this.doc.struct('LBody');
      top.item.add(label).add(top.body);
      return { element: top.body, role: 'LBody', label };
    }
    return { element: this.element(role), role, label };
  }

  private closeList(): void {
    const top = this.lists.pop()!;
    top.item?.end();
    top.list.end();
  }

  /** Close any open lists: what follows is not part of them. */
  endLists(): void {
    while (this.lists.length) this.closeList();
  }

  /** Draw content as part of `element`, marked with its `role`. */
  mark(element: Element, role: string, draw: () => void): void {
    const content = this.doc.markStructureContent(role);
    draw();
    this.doc.endMarkedContent();
    element.add(content);
  }

  /** Draw content as an element of its own (a heading or paragraph outside the flow of blocks), after any open list. */
  add(role: string, draw: () => void): void {
    this.endLists();
    const element = this.element(role);
    this.mark(element, role, draw);
    element.end();
  }

  /**
   * Draw content that only decorates the page ('Pagination' for running headers, footers and watermarks, 'Layout'
   * for rules and leaders). Written directly: PDFKit's `markContent` keeps a record per page for sequences left
   * open at a page break, which these never are.
   */
  artifact(type: 'Pagination' | 'Layout', draw: () => void): void {
    this.doc.addContent(`/Artifact <</Type /${type}>> BDC`);
    draw();
    this.doc.addContent('EMC');
  }

  /** End the tree; every element is written out. */
  end(): void {
    this.endLists();
    this.root.end();
  }
}

const taggers = new WeakMap<PDFKit.PDFDocument, Tagger>();

/** The document's structure tree under construction. */
export function tagger(doc: PDFKit.PDFDocument): Tagger {
  let found = taggers.get(doc);
  if (!found) taggers.set(doc, (found = new Tagger(doc)));
  return found;
}
