import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

const resolve = createRequire(import.meta.url).resolve;
const file = (family: 'source-serif-4' | 'source-sans-3', weight: number, style: 'normal' | 'italic') =>
  resolve(`@fontsource/${family}/files/${family}-latin-${weight}-${style}.woff`);

/** Names under which the embedded faces are registered on every document. */
export const Font = {
  body: 'serif',
  bodyItalic: 'serif-italic',
  bodyBold: 'serif-bold',
  sans: 'sans',
  sansSemibold: 'sans-semibold',
  sansBold: 'sans-bold',
} as const;
export type Font = (typeof Font)[keyof typeof Font];

/**
 * Unpack a WOFF 1.0 file into the plain TrueType/OpenType font it wraps. fontkit reads WOFF but inflates a table
 * again on every access, which made glyph lookups dominate rendering time (600 ms of an 800 ms document).
 */
export function woffToSfnt(woff: Buffer): Buffer {
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const [tag, offset, compLength, origLength, checksum] = [0, 4, 8, 12, 16].map((o) => woff.readUInt32BE(at + o)) as [number, number, number, number, number];
    const raw = woff.subarray(offset, offset + compLength);
    return { tag, checksum, data: compLength < origLength ? inflateSync(raw) : raw };
  });
  const log2 = Math.floor(Math.log2(numTables));
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(woff.readUInt32BE(4), 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(2 ** log2 * 16, 6);
  header.writeUInt16BE(log2, 8);
  header.writeUInt16BE(numTables * 16 - 2 ** log2 * 16, 10);
  const chunks: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    [t.tag, t.checksum, offset, t.data.length].forEach((v, k) => header.writeUInt32BE(v, 12 + i * 16 + k * 4));
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    chunks.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(chunks);
}

// WOFF, not WOFF2 (fontkit cannot read the latter), unpacked once per process; PDFKit embeds only the glyphs used.
const face = (...args: Parameters<typeof file>) => woffToSfnt(readFileSync(file(...args)));
const faces: Record<Font, Buffer> = {
  [Font.body]: face('source-serif-4', 400, 'normal'),
  [Font.bodyItalic]: face('source-serif-4', 400, 'italic'),
  [Font.bodyBold]: face('source-serif-4', 700, 'normal'),
  [Font.sans]: face('source-sans-3', 400, 'normal'),
  [Font.sansSemibold]: face('source-sans-3', 600, 'normal'),
  [Font.sansBold]: face('source-sans-3', 700, 'normal'),
};

/** Register Source Serif 4 (body) and Source Sans 3 (headings, furniture) on a document. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, data] of Object.entries(faces)) doc.registerFont(name, data);
}
