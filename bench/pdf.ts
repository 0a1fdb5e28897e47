// PDF export: Amendo's renderer (PDFKit, in process) against Chromium's print-to-PDF of the same rulebook as
// simple HTML with the same fonts, on a generated ~300-article French rulebook: the same rulebook again (what a
// worker thread reuses: shaped words, laid-out paragraphs) and with every article changed at each run.
// Usage: npx tsx bench/pdf.ts [--runs 5] [--articles 300]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { launchBrowser } from '../test/helpers/chromium.js';
import { renderRulebookPdf } from '../server/export/release-document.js';
import { readingOrder } from '../server/export/blocks.js';
import type { DraftView } from '../shared/validation/api.js';
import { generateRulebook } from './generated-rulebook.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg('runs', 5);
const articleCount = arg('articles', 300);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The same rulebook as plain HTML with the same embedded fonts, for Chromium to print. */
function rulebookHtml(view: DraftView): string {
  const resolve = createRequire(import.meta.url).resolve;
  const face = (family: string, pkg: string, weight: number) =>
    `@font-face{font-family:'${family}';font-weight:${weight};src:url(data:font/woff;base64,${readFileSync(resolve(`@fontsource/${pkg}/files/${pkg}-latin-${weight}-normal.woff`)).toString('base64')}) format('woff')}`;
  const fonts = [face('Serif', 'source-serif-4', 400), face('Sans', 'source-sans-3', 600), face('Sans', 'source-sans-3', 700)].join('');
  const block = (b: string) =>
    /^- /.test(b) ? `<ul>${b.split('\n').map((l) => `<li>${escape(l.slice(2))}</li>`).join('')}</ul>` : `<p>${escape(b).replace(/\n/g, '<br>')}</p>`;
  const body = readingOrder(view)
    .map((p) => (p.kind === 'section' ? `<h2>${escape(p.section.title)}</h2>` : `<h3>Article ${p.article.number} – ${escape(p.article.title)}</h3>${p.article.text.split(/\n\n+/).map(block).join('')}`))
    .join('\n');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escape(view.title)}</title><style>${fonts}
@page{size:A4;margin:29mm 27.5mm 25mm 27.5mm}
body{font:11pt/1.42 Serif;color:#1a1a1a}p{margin:6pt 0 0;text-align:justify;hyphens:none}
h1,h2,h3{font-family:Sans;break-after:avoid}h2{font-weight:600;font-size:15pt;margin:30pt 0 0}h3{font-size:11.5pt;margin:18pt 0 4pt}
ul{margin:6pt 0 0;padding-left:20pt}p,li{orphans:2;widows:2}
</style></head><body><h1>${escape(view.title)}</h1><p>${escape(view.preamble)}</p>${body}</body></html>`;
}

/** Pages of a PDF, read by pdf.js (no system tool). */
async function pageCount(pdf: Buffer): Promise<number> {
  const task = getDocument({ data: new Uint8Array(pdf), verbosity: 0 });
  const pages = (await task.promise).numPages;
  await task.destroy();
  return pages;
}

const view = generateRulebook(articleCount);
const release = { language: 'fr', view, version: '1.0', status: 'release' as const, date: new Date('2026-11-24T10:00:00Z'), modified: null, publisher: 'Comité fédéral', notes: null, sha256: '0'.repeat(64), changes: null };

/** Warm-up runs before timing, for both renderers: font parsing, JIT tiers, Chromium's first layouts. */
const WARM_UP = 3;

async function timed(fn: (run: number) => Promise<Buffer>) {
  const t0 = performance.now();
  let pdf = await fn(-1);
  const first = performance.now() - t0;
  for (let i = 1; i < WARM_UP; i++) await fn(-1 - i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    pdf = await fn(i);
    times.push(performance.now() - t0);
  }
  return { ms: median(times), first, bytes: pdf.length, pages: await pageCount(pdf) };
}

/** The rulebook with every article's text changed (a mark at the end of each block), so no paragraph's layout is reused. */
const edited = (run: number): DraftView => ({ ...view, articles: view.articles.map((a) => ({ ...a, text: a.text.replace(/(\n\n|$)/g, ` (v${run + 10})$1`) })) });

const amendo = await timed(() => renderRulebookPdf(release));
const amendoEdited = await timed((run) => renderRulebookPdf({ ...release, view: edited(run) }));

const launchStart = performance.now();
const browser = await launchBrowser();
const launchMs = performance.now() - launchStart;
let chrome: Awaited<ReturnType<typeof timed>>;
try {
  const page = await browser.newPage();
  const html = rulebookHtml(view);
  chrome = await timed(async () => {
    await page.setContent(html, { waitUntil: 'load' });
    return page.pdf({
      format: 'A4',
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: `<div style="font:8px sans-serif;width:100%;padding:0 27.5mm;color:#5f6368">${escape(view.title)} — Version 1.0</div>`,
      footerTemplate: '<div style="font:8px sans-serif;width:100%;padding:0 27.5mm;text-align:right;color:#5f6368">page <span class="pageNumber"></span> / <span class="totalPages"></span></div>',
    });
  });
} finally {
  await browser.close();
}

const words = view.articles.reduce((n, a) => n + a.text.split(/\s+/).length, 0);
console.log(`PDF of a ${view.articles.length}-article rulebook (${words.toLocaleString('en')} words), median of ${runs} runs after one warm-up`);
console.log(`${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}\n`);
const ratio = (ms: number) => `${(ms / chrome.ms).toFixed(2)}×`;
console.log(`| renderer | time (ms, median of ${runs} after ${WARM_UP} warm-up) | × Chromium | first run (ms) | size (KiB) | pages |`);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
console.log(`| Amendo (PDFKit, cover + TOC + furniture, in process) | ${amendo.ms.toFixed(0)} | ${ratio(amendo.ms)} | ${amendo.first.toFixed(0)} | ${(amendo.bytes / 1024).toFixed(0)} | ${amendo.pages} |`);
console.log(`| Amendo, every article's text changed at each run | ${amendoEdited.ms.toFixed(0)} | ${ratio(amendoEdited.ms)} | ${amendoEdited.first.toFixed(0)} | ${(amendoEdited.bytes / 1024).toFixed(0)} | ${amendoEdited.pages} |`);
console.log(`| Chromium print-to-PDF (setContent + page.pdf) | ${chrome.ms.toFixed(0)} | 1.00× | ${chrome.first.toFixed(0)} | ${(chrome.bytes / 1024).toFixed(0)} | ${chrome.pages} |`);
console.log(`\nChromium launch (once, not in the figures above): ${launchMs.toFixed(0)} ms`);
