import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { registerFonts } from './fonts.js';
import { PAGE } from './layout.js';
import { Memo } from './memo.js';
import { tagger } from './tagging.js';

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
 * Open an A4 document with its fonts and metadata, tagged (structure tree, language), buffering pages so the
 * table of contents and the page furniture can be written once the body is laid out. PDFKit derives the file `/ID` from the info dictionary
 * (dates included), so nothing in the file is random.
 */
export function openPdf(meta: PdfMetadata): PDFKit.PDFDocument {
  const modified = meta.modified ?? meta.date;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.height - PAGE.bottom, left: PAGE.left, right: PAGE.width - PAGE.right },
    bufferPages: true,
    tagged: true,
    // PDFKit knows PDF/A-2a and 2b, not 2u: 2a is 2u (Unicode for every glyph) plus the structure tree we write.
    // It adds the sRGB output intent and the XMP identification; PDF/A-2 needs PDF 1.4 or later for the XMP stream.
    subset: 'PDF/A-2a',
    pdfVersion: '1.7',
    // No default font: PDFKit would parse Helvetica's metrics for every document, and only our faces are used.
    font: null as unknown as string,
    lang: meta.language,
    displayTitle: true,
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject,
      Creator: 'Amendo',
      // PDFKit writes the creator as the XMP producer: the two must say the same (PDF/A).
      Producer: 'Amendo',
      CreationDate: meta.date,
      ModDate: modified,
    },
  });
  escapeXmpInfo(doc);
  // PDF/A: every date of the information dictionary also in the XMP (PDFKit writes only the creation date).
  doc.appendXML(`<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:ModifyDate>${modified.toISOString().split('.')[0]}Z</xmp:ModifyDate></rdf:Description>`);
  registerFonts(doc);
  return doc;
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * PDFKit copies the title, author and subject into the XMP metadata as they are: a title with "&" or "<" would
 * make it malformed. Its metadata is written from the information dictionary at the end, so the values are
 * escaped for that moment only.
 */
function escapeXmpInfo(doc: PDFKit.PDFDocument): void {
  const internals = doc as unknown as { info: Record<string, unknown>; _addInfo(): void };
  const addInfo = internals._addInfo.bind(doc);
  internals._addInfo = () => {
    const info = internals.info;
    internals.info = Object.fromEntries(Object.entries(info).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/[&<>"]/g, (c) => XML_ENTITIES[c]!) : v]));
    try {
      addInfo();
    } finally {
      internals.info = info;
    }
  };
}

/** PDFKit's page, as far as compressing its content goes: the content stream's chunks and whether PDFKit deflates them. */
interface BufferedPage {
  content: { buffer: Buffer[]; compress: boolean; data: { Filter?: string } };
}

/**
 * Deflated page contents by the SHA-256 of what they hold, for the thread: a rulebook exported again, or a draft
 * after an edit, mostly repeats pages byte for byte (about 2.6 KiB each once deflated).
 */
const deflated = new Memo<Buffer>(4000);

/**
 * Deflate every page's content at level 4 rather than PDFKit's 6 (level 6 took 18 ms of 80 for 90 pages, level 4
 * 12 ms for files 4% larger), once per distinct content.
 */
function deflatePages(doc: PDFKit.PDFDocument): void {
  for (const page of (doc as unknown as { _pageBuffer: BufferedPage[] })._pageBuffer) {
    const { content } = page;
    if (!content.compress || !content.buffer.length) continue;
    const raw = Buffer.concat(content.buffer);
    content.buffer = [deflated.get(createHash('sha256').update(raw).digest('base64'), () => deflateSync(raw, { level: 4 }))];
    content.compress = false;
    content.data.Filter = 'FlateDecode';
  }
}

/** PDFKit's embedded font, as far as its subset goes: the glyphs it holds (original ids, in subset order). */
interface SubsetFont {
  font: { postscriptName: string };
  subset: { glyphs: number[]; encode(): Buffer };
}

/** Encoded font subsets by face and glyph list, for the thread (fontkit re-encodes one in about 2 ms). */
const subsets = new Memo<Buffer>(64);

/** Have each font's subset encoded once per distinct set of glyphs (the same document needs the same subset). */
function reuseSubsets(doc: PDFKit.PDFDocument): void {
  for (const font of new Set(Object.values((doc as unknown as { _fontFamilies: Record<string, SubsetFont> })._fontFamilies))) {
    const { subset } = font;
    const encode = subset.encode.bind(subset);
    subset.encode = () => subsets.get(`${font.font.postscriptName}:${subset.glyphs.join(',')}`, encode);
  }
}

/** Finish a document and collect its bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  tagger(doc).end();
  deflatePages(doc);
  reuseSubsets(doc);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
