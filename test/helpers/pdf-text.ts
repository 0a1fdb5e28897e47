import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Lines joined by a space and runs of white space (no-break spaces included) made one, so phrases are found wherever lines broke. */
const oneSpace = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');

/** Open a PDF with Mozilla's pdf.js (no system tool), hand it to `read`, and free it. */
async function withPdf<T>(pdf: Uint8Array, read: (doc: Awaited<ReturnType<typeof getDocument>['promise']>) => Promise<T>): Promise<T> {
  // pdf.js takes ownership of the bytes it is given: hand it a copy.
  const task = getDocument({ data: new Uint8Array(pdf), verbosity: 0 });
  try {
    return await read(await task.promise);
  } finally {
    await task.destroy();
  }
}

/** The text of each page of a PDF in drawing order, white space made one space. */
export function pdfPages(pdf: Uint8Array): Promise<string[]> {
  return withPdf(pdf, async (doc) => {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const { items } = await (await doc.getPage(n)).getTextContent();
      pages.push(oneSpace(items.map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : '')).join('')).trim());
    }
    return pages;
  });
}

/** The text of a whole PDF, page after page, in drawing order, white space made one space. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  return (await pdfPages(pdf)).join(' ');
}

/** The text of a PDF's first page, white space made one space. */
export async function firstPageText(pdf: Uint8Array): Promise<string> {
  return (await pdfPages(pdf))[0] ?? '';
}

/** A PDF's document information: title, author and creating application. */
export function pdfInfo(pdf: Uint8Array): Promise<{ title: string; author: string; creator: string }> {
  return withPdf(pdf, async (doc) => {
    const info = (await doc.getMetadata()).info as Record<string, string | undefined>;
    return { title: info.Title ?? '', author: info.Author ?? '', creator: info.Creator ?? '' };
  });
}

/** One run of text as pdf.js reads it: its string, the PostScript name of its font, and where it starts (points, from the page's bottom left). */
export interface PdfRun {
  str: string;
  font: string;
  x: number;
  y: number;
  size: number;
}

/** The runs of text of each page, in drawing order, with their fonts and positions. */
export function pdfRuns(pdf: Uint8Array): Promise<PdfRun[][]> {
  return withPdf(pdf, async (doc) => {
    const pages: PdfRun[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      await page.getOperatorList(); // loads the fonts, so their names can be read
      const { items } = await page.getTextContent();
      pages.push(
        items.flatMap((item) => {
          if (!('str' in item) || !item.str) return [];
          const font = (page.commonObjs.get(item.fontName) as { name?: string } | undefined)?.name ?? item.fontName;
          return [{ str: item.str, font, x: item.transform[4] as number, y: item.transform[5] as number, size: Math.abs(item.transform[3] as number) }];
        }),
      );
    }
    return pages;
  });
}

/** The lines of each page: runs on one baseline (within half a point), left to right, joined. */
export async function pdfLines(pdf: Uint8Array): Promise<Array<Array<{ text: string; y: number; x: number }>>> {
  return (await pdfRuns(pdf)).map((runs) => {
    const lines = new Map<number, PdfRun[]>();
    for (const run of runs) {
      const key = [...lines.keys()].find((y) => Math.abs(y - run.y) < 0.5) ?? run.y;
      lines.set(key, [...(lines.get(key) ?? []), run]);
    }
    return [...lines.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([y, line]) => {
        const sorted = line.sort((a, b) => a.x - b.x);
        return { text: sorted.map((r) => r.str).join(''), y, x: sorted[0]!.x };
      });
  });
}

/** A node of the structure tree as pdf.js gives it per page: an element with its role, or marked content. */
interface StructNode {
  role?: string;
  children?: StructNode[];
}

/**
 * A tagged PDF's structure as pdf.js reads it: whether it is marked, its document language, the roles used, and
 * each page's elements in reading order (depth-first, one role per element, nesting shown with " > ", e.g.
 * "L > LI > Lbl"), the Document and the Root left out.
 */
export function pdfStructure(pdf: Uint8Array): Promise<{ tagged: boolean; language: string | null; roles: string[]; pages: string[][] }> {
  return withPdf(pdf, async (doc) => {
    const roles = new Set<string>();
    const pages: string[][] = [];
    const walk = (node: StructNode, path: string[], out: string[]) => {
      if (!node.role) return;
      const inner = node.role === 'Root' || node.role === 'Document' ? path : [...path, node.role];
      if (inner !== path) {
        roles.add(node.role);
        out.push(inner.join(' > '));
      }
      for (const child of node.children ?? []) walk(child, inner, out);
    };
    for (let n = 1; n <= doc.numPages; n++) {
      const tree = (await (await doc.getPage(n)).getStructTree()) as StructNode | null;
      const out: string[] = [];
      if (tree) walk(tree, [], out);
      pages.push(out);
    }
    const marked = ((await doc.getMarkInfo()) as { Marked?: boolean } | null)?.Marked === true;
    const language = ((await doc.getMetadata()).info as { Language?: string }).Language ?? null;
    return { tagged: marked && pages.some((p) => p.length > 0), language, roles: [...roles].sort(), pages };
  });
}

/** The web links of each page (their URLs), in the order the page lists them. */
export function pdfLinks(pdf: Uint8Array): Promise<string[][]> {
  return withPdf(pdf, async (doc) => {
    const pages: string[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const annotations = (await (await doc.getPage(n)).getAnnotations()) as Array<{ subtype: string; url?: string }>;
      pages.push(annotations.flatMap((a) => (a.subtype === 'Link' && a.url ? [a.url] : [])));
    }
    return pages;
  });
}
