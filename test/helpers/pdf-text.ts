import { execFileSync } from 'node:child_process';

/** The text of a PDF's first page as `pdftotext` extracts it, with runs of white space made one space. */
export function firstPageText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-f', '1', '-l', '1', '-', '-'], { input: pdf, encoding: 'utf8' }).replace(/[\s\u00a0\u202f]+/g, ' ');
}
