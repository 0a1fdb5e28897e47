import PDFDocument from 'pdfkit';
import { registerFonts } from './fonts.js';
import { PAGE } from './layout.js';

/** What a PDF says about itself in its document information dictionary. */
export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  language: string;
  /** Creation date, fixed by the caller so the same input always yields the same bytes. */
  date: Date;
  /** Modification date (defaults to the creation date). */
  modified?: Date;
}

/**
 * Open an A4 document with its fonts and metadata, buffering pages so the table of contents and the page
 * furniture can be written once the body is laid out. PDFKit derives the file `/ID` from the info dictionary
 * (dates included), so nothing in the file is random.
 */
export function openPdf(meta: PdfMetadata): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.height - PAGE.bottom, left: PAGE.left, right: PAGE.width - PAGE.right },
    bufferPages: true,
    lang: meta.language,
    displayTitle: true,
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject,
      Creator: 'Amendo',
      Producer: 'Amendo (PDFKit)',
      CreationDate: meta.date,
      ModDate: meta.modified ?? meta.date,
    },
  });
  registerFonts(doc);
  return doc;
}

/** Finish a document and collect its bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
