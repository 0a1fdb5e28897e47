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
